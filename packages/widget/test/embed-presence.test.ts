// @vitest-environment-options {"resources":"usable"}
import type { Presence } from '@porchlight/protocol'
import { afterAll, afterEach, beforeAll, beforeEach, expect, onTestFinished, test, vi } from 'vitest'
import { byRole, loadWidget, page, press, resetPage } from './support/page.js'
import { startRealServer, type RealServer } from './support/real-server.js'
import { tapSockets, type SocketTap } from './support/socket-tap.js'
import { fakeSendBeacon, pageTransition, recordListeners, resetVisibility, sendBeforeClose, setVisibility } from './support/tab.js'

// Presence signals of the built, minified dist/widget.js, loaded by a real <script> tag (what every site
// that pastes the tag ships), against the real server.

/** Short, so that the tests see pings and the away state without waiting long. */
const heartbeatInterval = 50
const awayAfter = 50

let server: RealServer
let tap: SocketTap
const undo: (() => void)[] = []

beforeAll(async () => {
  server = await startRealServer({ timings: { heartbeatInterval, awayAfter } })
})
afterAll(() => server.close())
beforeEach(async () => {
  resetPage()
  await server.idle()
  tap = tapSockets(page)
})
afterEach(() => {
  resetPage()
  for (const step of undo.splice(0)) step()
  resetVisibility(page)
  tap.restore()
  expect(tap.invalid).toEqual([])
})

/** Loads the widget and resolves once the server welcomed it. */
async function start(origin = server.origin) {
  await loadWidget(origin)
  await new Promise((resolve) => page.Porchlight!('on', 'ready', resolve))
}

test('hello carries the signals; the panel opening and closing is sent as widgetOpen; pings get pongs', async () => {
  await start()
  expect(tap.sent('hello')[0]!.signals).toMatchObject({ visible: true, widgetOpen: false, idle: false })

  byRole('button', 'Open chat').click()
  press(byRole('textbox', 'Message'), 'Escape')
  page.Porchlight!('open')
  expect(tap.sent('signals').map((frame) => frame.widgetOpen)).toEqual([true, false, true])
  const pongs = tap.sent('pong').length
  await vi.waitFor(() => expect(tap.sent('pong').length).toBeGreaterThan(pongs))
  expect(tap.sent('pong').at(-1)).toMatchObject({ type: 'pong', visible: true, widgetOpen: true, idle: false })

  setVisibility('hidden', page)
  expect(tap.sent('signals').at(-1)).toMatchObject({ visible: false, widgetOpen: true })
  const hiddenPongs = tap.sent('pong').length
  await vi.waitFor(() => expect(tap.sent('pong').length).toBeGreaterThan(hiddenPongs))
  expect(tap.sent('pong').at(-1)).toMatchObject({ visible: false, widgetOpen: true })
})

test("idle after the welcome's idleAfter without input; input on the page ends it", async () => {
  const own = await startRealServer({ timings: { idleAfter: 60 } })
  onTestFinished(() => own.close())
  await start(own.origin)
  await vi.waitFor(() => expect(tap.sent('signals').map((frame) => frame.idle)).toEqual([true]))
  document.body.dispatchEvent(new page.Event('pointerdown', { bubbles: true }))
  expect(tap.sent('signals').map((frame) => frame.idle)).toEqual([true, false])
})

test("Porchlight('on', 'presence', fn) gets the server's presence", async () => {
  const seen: Presence[] = []
  await start()
  page.Porchlight!('on', 'presence', (presence: Presence) => seen.push(presence))
  setVisibility('hidden', page)
  await vi.waitFor(() => expect(seen).toContainEqual(expect.objectContaining({ state: 'away', reason: 'tab_hidden', widgetOpen: false })))
})

test('pagehide sends the frame, closes with "pagehide" and sends a beacon; pageshow reconnects', async () => {
  const beacon = fakeSendBeacon(page)
  undo.push(beacon.undo, sendBeforeClose(page))
  await start()
  pageTransition('pagehide', true, page)
  await tap.closed()
  expect(tap.closes).toEqual([{ code: 1000, reason: 'pagehide' }])
  expect(tap.sent('pagehide')).toEqual([{ type: 'pagehide', persisted: true }])
  expect(beacon.calls.map((call) => call.url)).toEqual([`${server.origin}/api/visitor/beacon`])
  await vi.waitFor(() => expect(beacon.statuses, 'the server took the beacon').toEqual([204]))

  // Nothing but pageshow reconnects: a socket opened now would die in the back/forward cache.
  page.dispatchEvent(new page.Event('online'))
  await fetch(`${server.origin}/healthz`)
  expect(tap.opened).toBe(1)
  pageTransition('pageshow', true, page)
  await new Promise((resolve) => page.Porchlight!('on', 'ready', resolve))
  const { token } = tap.sent('hello')[1]!
  expect(token).toEqual(expect.any(String))
  expect(JSON.parse(beacon.calls[0]!.body)).toEqual({ site: 'default', token, event: 'pagehide', persisted: true })
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
  expect(tap.closes).toEqual([{ code: 1000, reason: 'shutdown' }])
})
