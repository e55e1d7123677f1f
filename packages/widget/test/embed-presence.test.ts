// @vitest-environment-options {"resources":"usable"}
import type { Presence, VisitorClientFrame } from '@porchlight/protocol'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest'
import { byRole, loadWidget, page, press, resetPage } from './support/page.js'
import { fakeSendBeacon, pageTransition, recordListeners, resetVisibility, sendBeforeClose, setVisibility } from './support/tab.js'
import { startTestServer, type TestServer } from './support/visitor-server.js'

// Presence signals of the built, minified dist/widget.js, loaded by a real <script> tag: what every
// site that pastes the tag ships.
let server: TestServer
const undo: (() => void)[] = []

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())
beforeEach(async () => {
  resetPage()
  // The last test's sockets close asynchronously: their close codes must not land in this test's.
  await vi.waitFor(() => expect(server.sockets.size).toBe(0))
  server.visitors.clear()
  server.received.length = 0
  server.closes.length = 0
  server.beacons.length = 0
  server.idleAfter = 300_000
})
afterEach(() => {
  resetPage()
  for (const step of undo.splice(0)) step()
  resetVisibility(page)
  expect(server.invalid).toEqual([])
})

const sent = <Type extends VisitorClientFrame['type']>(type: Type) =>
  server.received.filter((frame): frame is Extract<VisitorClientFrame, { type: Type }> => frame.type === type)

/** Resolves once the server has every frame the page sent before: the pong to a ping comes after them. */
async function flush() {
  const pongs = sent('pong').length
  server.ping()
  await vi.waitFor(() => expect(sent('pong').length).toBeGreaterThan(pongs))
}

async function start() {
  await loadWidget(server.origin)
  await vi.waitFor(() => server.visitor())
  await flush()
}

test('hello carries the signals; the panel opening and closing is sent as widgetOpen; pings get pongs', async () => {
  await start()
  expect(sent('hello')[0]!.signals).toMatchObject({ visible: true, widgetOpen: false, idle: false })

  byRole('button', 'Open chat').click()
  await flush()
  press(byRole('textbox', 'Message'), 'Escape')
  page.Porchlight!('open')
  await flush()
  expect(sent('signals').map((frame) => frame.widgetOpen)).toEqual([true, false, true])
  expect(sent('pong').at(-1)).toMatchObject({ type: 'pong', visible: true, widgetOpen: true, idle: false })

  setVisibility('hidden', page)
  await flush()
  expect(sent('signals').at(-1)).toMatchObject({ visible: false, widgetOpen: true })
  expect(sent('pong').at(-1)).toMatchObject({ visible: false, widgetOpen: true })
})

test("idle after the welcome's idleAfter without input; input on the page ends it", async () => {
  server.idleAfter = 60
  await start()
  await vi.waitFor(() => expect(sent('signals').map((frame) => frame.idle)).toEqual([true]))
  document.body.dispatchEvent(new page.Event('pointerdown', { bubbles: true }))
  await vi.waitFor(() => expect(sent('signals').map((frame) => frame.idle)).toEqual([true, false]))
})

test("Porchlight('on', 'presence', fn) gets the server's presence", async () => {
  const seen: Presence[] = []
  await start()
  page.Porchlight!('on', 'presence', (presence: Presence) => seen.push(presence))
  const presence: Presence = { state: 'online', reason: 'visible', since: new Date().toISOString(), widgetOpen: false }
  server.pushPresence(presence)
  await vi.waitFor(() => expect(seen).toEqual([presence]))
})

test('pagehide sends the frame, closes with "pagehide" and sends a beacon; pageshow reconnects', async () => {
  const beacon = fakeSendBeacon(page)
  undo.push(beacon.undo, sendBeforeClose(page))
  await start()
  pageTransition('pagehide', true, page)
  await vi.waitFor(() => expect(server.closes).toEqual([{ code: 1000, reason: 'pagehide' }]))
  expect(sent('pagehide')).toEqual([{ type: 'pagehide', persisted: true }])
  expect(beacon.calls.map((call) => call.url)).toEqual([`${server.origin}/api/visitor/beacon`])
  const { token } = server.visitor()
  await vi.waitFor(() => expect(server.beacons).toEqual([{ site: 'default', token, event: 'pagehide', persisted: true }]))

  page.dispatchEvent(new page.Event('online'))
  await new Promise((resolve) => setTimeout(resolve, 30))
  expect(server.sockets.size).toBe(0)
  pageTransition('pageshow', true, page)
  await vi.waitFor(() => expect(sent('hello')).toHaveLength(2))
  expect(sent('hello')[1]).toMatchObject({ token })
})

test('no unload or beforeunload listener; shutdown closes with "shutdown" and removes every listener', async () => {
  const listeners = recordListeners(page)
  undo.push(listeners.restore)
  await start()
  page.Porchlight!('shutdown')
  expect(listeners.types()).toEqual(expect.arrayContaining(['pagehide', 'pageshow', 'visibilitychange', 'keydown']))
  expect(listeners.types()).not.toContain('unload')
  expect(listeners.types()).not.toContain('beforeunload')
  expect(listeners.left()).toEqual([])
  await vi.waitFor(() => expect(server.closes).toEqual([{ code: 1000, reason: 'shutdown' }]))
})
