import type { Message, Presence, TabSignals, VisitorClientFrame } from '@porchlight/protocol'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { fakeSendBeacon, pageTransition, recordListeners, resetVisibility, sendBeforeClose, setVisibility } from '../../test/support/tab.js'
import { startTestServer, type TestServer } from '../../test/support/visitor-server.js'
import { createClient, type Client, type ClientEvents, type ClientOptions } from './client.js'

let server: TestServer
let clients: Client[] = []

beforeEach(async () => {
  localStorage.clear()
  server = await startTestServer()
})

afterEach(async () => {
  for (const client of clients) client.shutdown()
  clients = []
  await server.close()
  expect(server.invalid, 'frames that break the protocol').toEqual([])
})

/** A client of the test server with short timings; `reconnectDelay` of 60 s means "only on `online`". */
function connect(options: Partial<ClientOptions> = {}): Client {
  const client = createClient({ server: server.origin, reconnectDelay: () => 5, retryDelay: 20, ...options })
  clients.push(client)
  return client
}

/** The next time `client` emits `event`, with its value. */
function next<Name extends keyof ClientEvents>(client: Client, event: Name) {
  return new Promise<Parameters<ClientEvents[Name]>[0]>((resolve) => {
    const off = client.on(event, ((value: Parameters<ClientEvents[Name]>[0]) => {
      off()
      resolve(value)
    }) as ClientEvents[Name])
  })
}

const sent = <Type extends VisitorClientFrame['type']>(type: Type) =>
  server.received.filter((frame): frame is Extract<VisitorClientFrame, { type: Type }> => frame.type === type)

const collect = (client: Client) => {
  const messages: Message[] = []
  client.on('message', (message) => messages.push(message))
  return messages
}

describe('handshake and token', () => {
  test('says hello with the site and page URL, keeps the token from the welcome and sends it next time', async () => {
    const first = connect({ site: 'docs' })
    expect(first.status).toBe('connecting')
    expect(await next(first, 'ready')).toEqual({ visitorId: 'v1', conversationId: null })
    expect(first.status).toBe('connected')
    expect(sent('hello')).toEqual([
      {
        type: 'hello',
        site: 'docs',
        lastSeq: 0,
        url: location.href,
        signals: { visible: true, focused: false, widgetOpen: false, idle: false },
      },
    ])

    first.shutdown()
    const second = connect({ site: 'docs' })
    await next(second, 'ready')
    expect(sent('hello')[1]).toMatchObject({ token: 'token-v1' })
    expect(server.visitors.size).toBe(1)
  })

  test('uses site "default" unless told, and keeps tokens apart per site', async () => {
    await next(connect(), 'ready')
    await next(connect({ site: 'docs' }), 'ready')
    expect(sent('hello').map((hello) => [hello.site, hello.token])).toEqual([
      ['default', undefined],
      ['docs', undefined],
    ])
  })

  test('stores the new token when the server does not know the one it got', async () => {
    await next(connect(), 'ready')
    server.visitors.clear()
    await next(connect(), 'ready')
    await next(connect(), 'ready')
    expect(sent('hello').map((hello) => hello.token)).toEqual([undefined, 'token-v1', 'token-v2'])
  })
})

describe('sending', () => {
  test('a message is pending until acknowledged, then reported once as a stored message', async () => {
    const client = connect()
    const messages = collect(client)
    const pending = client.send('Hello there')
    expect(client.pending).toEqual([pending])
    expect(client.messages).toEqual([])

    await vi.waitFor(() => expect(messages).toHaveLength(1))
    expect(messages[0]).toMatchObject({ author: 'visitor', text: 'Hello there', seq: 1, clientId: pending.clientId })
    expect(client.pending).toEqual([])
    expect(client.messages).toEqual(messages)
    expect(server.visitor().messages).toHaveLength(1)
  })

  test('refuses an empty or over-long text up front', () => {
    const client = connect()
    expect(() => client.send('')).toThrow(RangeError)
    expect(() => client.send('x'.repeat(4001))).toThrow(RangeError)
    expect(client.pending).toEqual([])
  })

  test('an unacknowledged message survives a reload and is resent after the next welcome', async () => {
    server.onSend = 'ignore'
    const before = connect()
    await next(before, 'ready')
    const pending = before.send('Are you there?')
    await vi.waitFor(() => expect(sent('message.send')).toHaveLength(1))
    before.shutdown()

    server.onSend = 'ack'
    const after = connect()
    expect(after.pending).toEqual([pending])
    const message = await next(after, 'message')
    expect(message).toMatchObject({ clientId: pending.clientId, text: 'Are you there?' })
    expect(after.pending).toEqual([])
    expect(connect().pending, 'a third page load finds the outbox empty').toEqual([])
  })

  test('an unacknowledged message is resent after a reconnection, and stored once', async () => {
    server.onSend = 'ignore'
    const client = connect()
    const messages = collect(client)
    await next(client, 'ready')
    const { clientId } = client.send('First try gets lost')
    await vi.waitFor(() => expect(sent('message.send')).toHaveLength(1))

    server.onSend = 'ack'
    server.drop(1001)
    await vi.waitFor(() => expect(messages).toHaveLength(1))
    expect(sent('message.send').map((frame) => frame.clientId)).toEqual([clientId, clientId])
    expect(server.visitor().messages).toHaveLength(1)
  })

  test('a stored message whose ack was lost comes back in the replay and is not doubled by the resend', async () => {
    server.onSend = 'store'
    const client = connect()
    const messages = collect(client)
    await next(client, 'ready')
    client.send('Ack me')
    await vi.waitFor(() => expect(server.visitor().messages).toHaveLength(1))

    server.onSend = 'ack'
    server.drop(1001)
    await vi.waitFor(() => expect(sent('message.send')).toHaveLength(2))
    await vi.waitFor(() => expect(client.pending).toEqual([]))
    expect(messages).toHaveLength(1)
    expect(client.messages).toHaveLength(1)
  })

  test('a rate-limited message stays pending and is retried after a short delay', async () => {
    server.rateLimitNext = 1
    const client = connect()
    const errors: unknown[] = []
    client.on('error', (error) => errors.push({ ...error, pending: client.pending.length }))
    const { clientId } = client.send('Too fast')
    await vi.waitFor(() => expect(errors).toEqual([{ code: 'rate_limited', message: 'slow down', clientId, pending: 1 }]))
    await vi.waitFor(() => expect(client.messages).toHaveLength(1))
    expect(sent('message.send')).toHaveLength(2)
  })

  test('a message the server refuses as invalid leaves the outbox and is reported', async () => {
    server.refuseNext = 1
    const client = connect()
    const { clientId } = client.send('Refused')
    expect(await next(client, 'error')).toEqual({ code: 'invalid_frame', message: 'refused', clientId })
    expect(client.pending).toEqual([])
    expect(connect().pending).toEqual([])
  })

  test("another tab's messages arrive as stored messages, without pending copies", async () => {
    const tab = connect()
    const other = connect()
    await Promise.all([next(tab, 'ready'), next(other, 'ready')])
    const seen = collect(other)
    tab.send('From the first tab')
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    expect(seen[0]).toMatchObject({ author: 'visitor', text: 'From the first tab' })
    expect(other.pending).toEqual([])
  })
})

describe('replay and reconnection', () => {
  test('replies that arrive while offline are replayed from lastSeq, once each; `online` reconnects at once', async () => {
    const client = connect({ reconnectDelay: () => 60_000 })
    const messages = collect(client)
    await next(client, 'ready')
    client.send('Hi')
    await vi.waitFor(() => expect(messages).toHaveLength(1))
    server.reply(server.visitor(), 'Hello! How can I help?')
    await vi.waitFor(() => expect(messages).toHaveLength(2))

    server.drop(1001)
    await vi.waitFor(() => expect(client.status).toBe('reconnecting'))
    server.reply(server.visitor(), 'Still there?')
    dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(messages).toHaveLength(3))

    expect(sent('hello').map((hello) => hello.lastSeq)).toEqual([0, 2])
    expect(messages.map((message) => [message.seq, message.author, message.authorName])).toEqual([
      [1, 'visitor', null],
      [2, 'agent', 'Grace'],
      [3, 'agent', 'Grace'],
    ])
    expect(client.messages).toEqual(messages)
  })

  test('backs off with the attempt number until a welcome, which resets it', async () => {
    const delays: number[] = []
    server.refuseHello = true
    const client = connect({
      reconnectDelay: (attempt) => {
        delays.push(attempt)
        return 5
      },
    })
    await vi.waitFor(() => expect(delays.length).toBeGreaterThanOrEqual(3))
    expect(client.status).toBe('connecting')
    server.refuseHello = false
    await next(client, 'ready')
    expect(delays).toEqual([...delays.keys()])

    delays.length = 0
    server.drop(1001)
    await next(client, 'ready')
    expect(delays).toEqual([0])
  })

  test('reports status changes', async () => {
    const client = connect()
    const statuses: string[] = []
    client.on('status', (status) => statuses.push(status))
    await next(client, 'ready')
    server.drop(1001)
    await next(client, 'ready')
    client.shutdown()
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected', 'closed'])
  })

  test('an unknown site closes the client for good (4004) and is reported', async () => {
    const client = connect({ site: 'nope' })
    expect(await next(client, 'error')).toEqual({ code: 'unknown_site', message: 'No site has this id.' })
    expect(client.status).toBe('closed')
    await new Promise((resolve) => setTimeout(resolve, 50))
    dispatchEvent(new Event('online'))
    expect(server.connectionCount).toBe(1)
  })

  test('an unknown site stops watching the page too', async () => {
    const listeners = recordListeners()
    const client = connect({ site: 'nope' })
    await next(client, 'error')
    listeners.restore()
    expect(listeners.left()).toEqual([])
  })

  test('shutdown closes the socket and stops reconnecting', async () => {
    const client = connect()
    await next(client, 'ready')
    client.shutdown()
    await vi.waitFor(() => expect(server.sockets.size).toBe(0))
    dispatchEvent(new Event('online'))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(server.connectionCount).toBe(1)
    expect(client.status).toBe('closed')
  })
})

describe('identify', () => {
  test('is sent after the welcome and again after every reconnection, with the latest identity', async () => {
    const client = connect({ user: { email: 'ada@example.com', name: 'Ada' } })
    await next(client, 'ready')
    await vi.waitFor(() => expect(server.visitor().identity).toEqual({ type: 'identify', email: 'ada@example.com', name: 'Ada' }))

    client.identify({ userId: 'u42', userHash: 'a'.repeat(64) })
    server.drop(1001)
    await next(client, 'ready')
    await vi.waitFor(() => expect(sent('identify')).toHaveLength(3))
    expect(sent('identify').slice(1)).toEqual([
      { type: 'identify', userId: 'u42', userHash: 'a'.repeat(64) },
      { type: 'identify', userId: 'u42', userHash: 'a'.repeat(64) },
    ])
  })
})

describe('presence signals', () => {
  afterEach(() => {
    resetVisibility()
    vi.restoreAllMocks()
  })

  const signals = (changes: Partial<TabSignals>): TabSignals => ({
    visible: true,
    focused: false,
    widgetOpen: false,
    idle: false,
    ...changes,
  })
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  /** Resolves once the server has every frame sent before: the pong to a ping comes after them. */
  const flush = async () => {
    const pongs = sent('pong').length
    server.ping()
    await vi.waitFor(() => expect(sent('pong').length).toBeGreaterThan(pongs))
  }

  test('hello carries the signals; every change is sent at once, in full, and only a real change', async () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true)
    const client = connect()
    await next(client, 'ready')
    expect(sent('hello')[0]!.signals).toEqual(signals({ focused: true }))

    setVisibility('hidden')
    setVisibility('hidden')
    dispatchEvent(new FocusEvent('blur'))
    client.setWidgetOpen(true)
    client.setWidgetOpen(true)
    setVisibility('visible')
    dispatchEvent(new FocusEvent('focus'))
    client.setWidgetOpen(false)
    await flush()
    expect(sent('signals')).toEqual([
      { type: 'signals', ...signals({ visible: false, focused: true }) },
      { type: 'signals', ...signals({ visible: false }) },
      { type: 'signals', ...signals({ visible: false, widgetOpen: true }) },
      { type: 'signals', ...signals({ widgetOpen: true }) },
      { type: 'signals', ...signals({ focused: true, widgetOpen: true }) },
      { type: 'signals', ...signals({ focused: true }) },
    ])
    expect(client.signals).toEqual(signals({ focused: true }))
  })

  test('changes while disconnected are not sent: the next hello carries them', async () => {
    const client = connect({ reconnectDelay: () => 60_000 })
    await next(client, 'ready')
    server.drop(1001)
    await vi.waitFor(() => expect(client.status).toBe('reconnecting'))
    client.setWidgetOpen(true)
    dispatchEvent(new FocusEvent('focus'))
    dispatchEvent(new Event('online'))
    await next(client, 'ready')
    await flush()
    expect(sent('hello').map((hello) => hello.signals)).toEqual([signals({}), signals({ focused: true, widgetOpen: true })])
    expect(sent('signals')).toEqual([])
  })

  test("a ping is answered with a pong carrying the current signals, from the socket's onmessage", async () => {
    const socketSend = vi.spyOn(WebSocket.prototype, 'send')
    const client = connect()
    await next(client, 'ready')
    // Listeners run in the order they were added: this one after the client's onmessage. If the pong
    // is sent by then, it was sent while the ping was being handled, not from a timer or a promise.
    const pongsSentWhenPingHandled: number[] = []
    const socket = socketSend.mock.contexts[0] as WebSocket
    const pongsSent = () => socketSend.mock.calls.filter(([data]) => JSON.parse(String(data)).type === 'pong').length
    socket.addEventListener('message', (event: MessageEvent) => {
      if (JSON.parse(String(event.data)).type === 'ping') pongsSentWhenPingHandled.push(pongsSent())
    })

    client.setWidgetOpen(true)
    dispatchEvent(new FocusEvent('focus'))
    server.ping()
    await vi.waitFor(() => expect(sent('pong')).toHaveLength(1))
    setVisibility('hidden')
    server.ping()
    await vi.waitFor(() => expect(sent('pong')).toHaveLength(2))
    expect(sent('pong')).toEqual([
      { type: 'pong', ...signals({ focused: true, widgetOpen: true }) },
      { type: 'pong', ...signals({ visible: false, focused: true, widgetOpen: true }) },
    ])
    expect(pongsSentWhenPingHandled).toEqual([1, 2])
  })

  test("the server's presence arrives as the `presence` event and accessor, and repaints nothing", async () => {
    const client = connect()
    expect(client.presence).toBeNull()
    await next(client, 'ready')
    const changes = vi.fn()
    client.on('change', changes)
    const away: Presence = { state: 'away', reason: 'tab_hidden', since: new Date().toISOString(), widgetOpen: false }
    const received = next(client, 'presence')
    server.pushPresence(away)
    expect(await received).toEqual(away)
    expect(client.presence).toEqual(away)
    const online: Presence = { ...away, state: 'online', reason: 'visible', widgetOpen: true }
    server.pushPresence(online)
    await vi.waitFor(() => expect(client.presence).toEqual(online))
    expect(changes).not.toHaveBeenCalled()
  })

  test("idle after the welcome's idleAfter without input, and not idle at once on input", async () => {
    server.idleAfter = 80
    // Before connecting: the client counts from the welcome, later. (Exact timing: idle-tracker.test.ts.)
    const before = performance.now()
    const client = connect()
    await next(client, 'ready')
    await vi.waitFor(() => expect(sent('signals')).toEqual([{ type: 'signals', ...signals({ idle: true }) }]))
    expect(performance.now() - before).toBeGreaterThanOrEqual(80)
    expect(client.signals.idle).toBe(true)

    dispatchEvent(new Event('pointerdown'))
    expect(client.signals.idle).toBe(false)
    await vi.waitFor(() => expect(sent('signals')).toHaveLength(2))
    expect(sent('signals')[1]).toEqual({ type: 'signals', ...signals({}) })
  })

  test('pagehide: a frame, close 1000 "pagehide", a beacon; nothing reconnects until pageshow', async () => {
    const beacon = fakeSendBeacon()
    const undoSendBeforeClose = sendBeforeClose()
    try {
      const client = connect({ site: 'docs', reconnectDelay: () => 5 })
      await next(client, 'ready')
      pageTransition('pagehide', true)
      await vi.waitFor(() => expect(server.closes).toEqual([{ code: 1000, reason: 'pagehide' }]))
      expect(sent('pagehide')).toEqual([{ type: 'pagehide', persisted: true }])
      expect(beacon.calls.map((call) => call.url)).toEqual([`${server.origin}/api/visitor/beacon`])
      await vi.waitFor(() => expect(server.beacons).toEqual([{ site: 'docs', token: 'token-v1', event: 'pagehide', persisted: true }]))

      // In the back/forward cache (or on its way out) the page must not open a socket: with a back-off
      // of 5 ms, anything but pageshow would have reconnected by now.
      setVisibility('hidden')
      document.dispatchEvent(new Event('freeze'))
      document.dispatchEvent(new Event('resume'))
      dispatchEvent(new Event('online'))
      setVisibility('visible')
      await sleep(50)
      expect(server.connectionCount).toBe(1)
      expect(sent('freeze'), 'no socket to send it on').toEqual([])

      pageTransition('pageshow', true)
      await next(client, 'ready')
      expect(server.connectionCount).toBe(2)
    } finally {
      beacon.undo()
      undoSendBeforeClose()
    }
  })

  test('pagehide of a page that was never welcomed sends no beacon: there is no token yet', async () => {
    const beacon = fakeSendBeacon()
    server.refuseHello = true
    connect()
    await vi.waitFor(() => expect(server.connectionCount).toBeGreaterThan(0))
    pageTransition('pagehide', false)
    beacon.undo()
    expect(beacon.calls).toEqual([])
  })

  test.each(['pageshow', 'resume', 'online', 'visibilitychange'])(
    '%s reconnects at once, without waiting out the back-off',
    async (trigger) => {
      const client = connect({ reconnectDelay: () => 60_000 })
      await next(client, 'ready')
      if (trigger === 'visibilitychange') setVisibility('hidden')
      server.drop(1001)
      await vi.waitFor(() => expect(client.status).toBe('reconnecting'))
      if (trigger === 'pageshow') pageTransition('pageshow', true)
      else if (trigger === 'resume') document.dispatchEvent(new Event('resume'))
      else if (trigger === 'online') dispatchEvent(new Event('online'))
      else setVisibility('visible')
      await next(client, 'ready')
      expect(server.connectionCount).toBe(2)
    },
  )

  test('freeze is sent as a frame', async () => {
    const client = connect()
    await next(client, 'ready')
    document.dispatchEvent(new Event('freeze'))
    await vi.waitFor(() => expect(sent('freeze')).toEqual([{ type: 'freeze' }]))
  })

  test('shutdown closes with 1000 "shutdown" and removes every listener; no unload or beforeunload', async () => {
    const listeners = recordListeners()
    const client = connect()
    await next(client, 'ready')
    client.shutdown()
    listeners.restore()
    expect(listeners.types()).toEqual(expect.arrayContaining(['pagehide', 'visibilitychange', 'focus', 'pointermove']))
    expect(listeners.types()).not.toContain('unload')
    expect(listeners.types()).not.toContain('beforeunload')
    expect(listeners.left()).toEqual([])
    await vi.waitFor(() => expect(server.closes).toEqual([{ code: 1000, reason: 'shutdown' }]))
  })
})
