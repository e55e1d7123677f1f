import { createClient, createWidget, type Client, type Widget } from '@porchlight/widget'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { startRealServer, type RealServer } from './support/real-server.js'
import { tapSockets, type SocketTap } from './support/socket-tap.js'

// The npm entry as an app gets it: the built ESM dist/index.js through the package's exports.
let server: RealServer
let tap: SocketTap
const started: (Widget | Client)[] = []

beforeAll(async () => {
  server = await startRealServer()
})
afterAll(() => server.close())
beforeEach(() => {
  tap = tapSockets()
})
afterEach(() => {
  for (const instance of started.splice(0)) instance.shutdown()
  document.body.replaceChildren()
  localStorage.clear()
  tap.restore()
  expect(tap.invalid).toEqual([])
})

test('createWidget renders into the given container, with events, identify and shutdown', async () => {
  const container = document.createElement('section')
  document.body.append(container)
  const widget = createWidget({ server: server.origin, site: 'docs', container, user: { name: 'Ada' } })
  started.push(widget)
  expect(document.getElementById('porchlight')).toBeNull()
  const root = container.shadowRoot!
  expect(root.querySelector('button[aria-label="Open chat"]')).not.toBeNull()

  const events: string[] = []
  widget.on('open', () => events.push('open'))
  widget.on('close', () => events.push('close'))
  const ready = new Promise((resolve) => widget.on('ready', resolve))
  expect(widget.client.signals.widgetOpen).toBe(false)
  widget.open()
  expect(root.activeElement).toBe(root.querySelector('textarea'))
  expect(widget.client.signals.widgetOpen, 'the panel reports itself open').toBe(true)
  widget.close()
  expect(widget.client.signals.widgetOpen).toBe(false)
  expect(events).toEqual(['open', 'close'])
  await ready
  expect(tap.sent('identify')).toEqual([{ type: 'identify', name: 'Ada' }])

  widget.shutdown()
  expect(container.isConnected).toBe(true)
  expect(root.childNodes).toHaveLength(0)
  expect(widget.client.status).toBe('closed')
})

test('createClient works headless; setWidgetOpen reports a UI of your own', async () => {
  const client = createClient({ server: server.origin })
  started.push(client)
  const message = new Promise((resolve) => client.on('message', resolve))
  client.send('No UI needed')
  await expect(message).resolves.toMatchObject({ author: 'visitor', text: 'No UI needed', seq: 1 })
  expect(document.body.children).toHaveLength(0)
  client.setWidgetOpen(true)
  expect(tap.sent('signals')).toMatchObject([{ widgetOpen: true }])
})
