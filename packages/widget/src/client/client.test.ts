import { createHmac } from 'node:crypto'
import { errors, type Message, type TabSignals, type VisitorClientFrame } from '@porchlight/protocol'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, onTestFinished, test, vi } from 'vitest'
import { connectAgent } from '../../../server/test/support/frame-socket.js'
import { login } from '../../../server/test/support/start-server.js'
import { startRealServer, type RealServer } from '../../test/support/real-server.js'
import { tapSockets, type SocketTap } from '../../test/support/socket-tap.js'
import { fakeSendBeacon, pageTransition, recordListeners, resetVisibility, sendBeforeClose, setVisibility } from '../../test/support/tab.js'
import { startTestServer, type TestServer } from '../../test/support/visitor-server.js'
import { createClient, type Client, type ClientEvents, type ClientOptions } from './client.js'

// The client against the real server, started in this process; what the client sends is watched on its
// own sockets (socket-tap.ts). The fake server (visitor-server.ts) only stands in for the faults the
// real one cannot produce: see the last describe block.

/** How long every tab must be hidden before the visitor turns away: short, so that tests see it. */
const awayAfter = 50

let server: RealServer
let tap: SocketTap
let clients: Client[] = []

beforeAll(async () => {
  server = await startRealServer({ timings: { awayAfter } })
})
afterAll(() => server.close())
beforeEach(async () => {
  localStorage.clear()
  await server.idle()
  tap = tapSockets()
})
afterEach(() => {
  for (const client of clients) client.shutdown()
  clients = []
  tap.restore()
  expect(tap.invalid, 'frames that break the protocol').toEqual([])
})

/** A client with short timings; `reconnectDelay` of 60 s means "only on `online`". */
function connect(options: Partial<ClientOptions> = {}, origin = server.origin): Client {
  const client = createClient({ server: origin, reconnectDelay: () => 5, retryDelay: 20, ...options })
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

const sent = <Type extends VisitorClientFrame['type']>(type: Type) => tap.sent(type)

const collect = (client: Client) => {
  const messages: Message[] = []
  client.on('message', (message) => messages.push(message))
  return messages
}

/**
 * A round trip over the network: whatever a client would do at once or on the next turns of the event
 * loop (open a socket, say) has happened by its end. What it would do later goes through a timer it
 * schedules with `reconnectDelay`, which the tests that use this record.
 */
const roundTrip = () => fetch(`${server.origin}/healthz`)

/** A `reconnectDelay` that records the attempts it is asked about. */
function recordedDelay(delay: number) {
  const attempts: number[] = []
  return {
    attempts,
    reconnectDelay: (attempt: number) => {
      attempts.push(attempt)
      return delay
    },
  }
}

/** A second real server with its own options, closed when the test ends. */
async function ownServer(options: Parameters<typeof startRealServer>[0]) {
  const own = await startRealServer(options)
  onTestFinished(() => own.close())
  return own
}

describe('handshake and token', () => {
  test('says hello with the site, page URL, language and time zone, keeps the token from the welcome and sends it next time', async () => {
    const first = connect({ site: 'docs' })
    expect(first.status).toBe('connecting')
    const ready = await next(first, 'ready')
    expect(ready).toEqual({ visitorId: expect.any(String), conversationId: null })
    expect(first.status).toBe('connected')
    expect(sent('hello')).toEqual([
      {
        type: 'hello',
        site: 'docs',
        lastSeq: 0,
        url: location.href,
        language: navigator.language,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        signals: { visible: true, focused: false, widgetOpen: false, idle: false },
      },
    ])

    first.shutdown()
    const second = connect({ site: 'docs' })
    expect(await next(second, 'ready')).toEqual({ visitorId: ready.visitorId, conversationId: null })
    expect(sent('hello')[1]!.token).toEqual(expect.any(String))
  })

  test('uses site "default" unless told, and keeps tokens apart per site', async () => {
    const plain = await next(connect(), 'ready')
    const docs = await next(connect({ site: 'docs' }), 'ready')
    expect(sent('hello').map((hello) => [hello.site, hello.token])).toEqual([
      ['default', undefined],
      ['docs', undefined],
    ])
    expect(docs.visitorId).not.toBe(plain.visitorId)
  })

  test('stores the new token when the server does not know the one it got', async () => {
    const first = connect()
    const known = await next(first, 'ready')
    first.shutdown()
    await server.stop()
    await server.start('empty')
    const second = connect()
    const renewed = await next(second, 'ready')
    second.shutdown()
    const third = await next(connect(), 'ready')
    const [none, oldToken, newToken] = sent('hello').map((hello) => hello.token)
    expect(none).toBeUndefined()
    expect(oldToken).toEqual(expect.any(String))
    expect(newToken).toEqual(expect.any(String))
    expect(newToken).not.toBe(oldToken)
    expect(renewed.visitorId).not.toBe(known.visitorId)
    expect(third.visitorId).toBe(renewed.visitorId)
  })
})

describe('sending', () => {
  test('a message is pending until acknowledged, then reported once as a stored message', async () => {
    const client = connect()
    const messages = collect(client)
    const pending = client.send('Hello there')
    expect(client.pending).toEqual([pending])
    expect(client.messages).toEqual([])

    const message = await next(client, 'message')
    expect(message).toMatchObject({ author: 'visitor', text: 'Hello there', seq: 1, clientId: pending.clientId })
    expect(client.pending).toEqual([])
    expect(client.messages).toEqual([message])
    // Anything more about the first message would have come before the second one's ack.
    client.send('And again')
    await next(client, 'message')
    expect(messages.map((each) => each.text)).toEqual(['Hello there', 'And again'])
    expect((await server.conversation(message.conversationId)).messages).toEqual(messages)
  })

  test('refuses an empty or over-long text up front', () => {
    const client = connect()
    expect(() => client.send('')).toThrow(RangeError)
    expect(() => client.send('x'.repeat(4001))).toThrow(RangeError)
    expect(client.pending).toEqual([])
  })

  test('a message written before the welcome survives a reload and is sent after the next welcome', async () => {
    const before = connect()
    const pending = before.send('Are you there?')
    before.shutdown()

    const after = connect()
    expect(after.pending).toEqual([pending])
    const message = await next(after, 'message')
    expect(message).toMatchObject({ clientId: pending.clientId, text: 'Are you there?' })
    expect(after.pending).toEqual([])
    expect(sent('message.send')).toEqual([{ type: 'message.send', clientId: pending.clientId, text: 'Are you there?' }])
    expect(connect().pending, 'a third page load finds the outbox empty').toEqual([])
  })

  test('a message written while the connection is down is sent after the reconnection, and stored once', async () => {
    const client = connect({ reconnectDelay: () => 60_000 })
    await next(client, 'ready')
    server.cutConnections()
    await vi.waitFor(() => expect(client.status).toBe('reconnecting'))
    const pending = client.send('Sent while offline')
    dispatchEvent(new Event('online'))
    const message = await next(client, 'message')
    expect(message).toMatchObject({ clientId: pending.clientId, seq: 1 })
    expect((await server.conversation(message.conversationId)).messages).toEqual([message])
  })

  test('a rate-limited message stays pending and is retried after a short delay', async () => {
    const own = await ownServer({ rateLimits: { messagesPerSecond: 20, messageBurst: 1 } })
    const client = connect({}, own.origin)
    await next(client, 'ready')
    const refusals: unknown[] = []
    client.on('error', (error) =>
      refusals.push({ ...error, stillPending: client.pending.some((item) => item.clientId === error.clientId) }),
    )
    client.send('First')
    const { clientId } = client.send('Too fast')
    await vi.waitFor(() => expect(client.messages).toHaveLength(2))
    // Refused until the bucket refilled (50 ms), each time in the registry's words, and kept meanwhile.
    expect(refusals).toContainEqual({ code: 'rate_limited', message: errors.rate_limited.message, clientId, stillPending: true })
    for (const refusal of refusals) {
      expect(refusal).toEqual({
        code: 'rate_limited',
        message: errors.rate_limited.message,
        clientId: expect.any(String),
        stillPending: true,
      })
    }
    const stored = (await own.conversation(client.messages[0]!.conversationId)).messages
    expect(stored.map((message: Message) => message.text)).toEqual(['First', 'Too fast'])
  })

  test("another tab's messages arrive as stored messages, without pending copies", async () => {
    const tab = connect()
    await next(tab, 'ready')
    // The same visitor: the token is shared through localStorage.
    const other = connect()
    await next(other, 'ready')
    tab.send('From the first tab')
    expect(await next(other, 'message')).toMatchObject({ author: 'visitor', text: 'From the first tab' })
    expect(other.pending).toEqual([])
  })
})

describe('replay and reconnection', () => {
  test('replies that arrive while offline are replayed from lastSeq, once each; `online` reconnects at once', async () => {
    const client = connect({ reconnectDelay: () => 60_000 })
    const messages = collect(client)
    await next(client, 'ready')
    client.send('Hi')
    const { conversationId } = await next(client, 'message')
    const answer = await server.reply(conversationId, 'Hello! How can I help?')
    await vi.waitFor(() => expect(messages).toHaveLength(2))

    server.cutConnections()
    await vi.waitFor(() => expect(client.status).toBe('reconnecting'))
    const nudge = await server.reply(conversationId, 'Still there?')
    dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(messages).toHaveLength(3))
    // A message sent now is acknowledged after the whole replay: anything replayed twice comes before.
    client.send('Yes')
    await vi.waitFor(() => expect(messages).toHaveLength(4))

    expect(sent('hello').map((hello) => hello.lastSeq)).toEqual([0, 2])
    expect(messages.map((message) => [message.seq, message.author, message.text])).toEqual([
      [1, 'visitor', 'Hi'],
      [2, 'agent', 'Hello! How can I help?'],
      [3, 'agent', 'Still there?'],
      [4, 'visitor', 'Yes'],
    ])
    expect(messages.slice(1, 3)).toEqual([answer, nudge])
    expect(client.messages).toEqual(messages)
  })

  test('reports status changes', async () => {
    const client = connect()
    const statuses: string[] = []
    client.on('status', (status) => statuses.push(status))
    await next(client, 'ready')
    server.cutConnections()
    await next(client, 'ready')
    client.shutdown()
    expect(statuses).toEqual(['connected', 'reconnecting', 'connected', 'closed'])
  })

  test('reconnects after a server restart and carries on where it was', async () => {
    const client = connect()
    await next(client, 'ready')
    client.send('Before the restart')
    await next(client, 'message')
    const statuses: string[] = []
    client.on('status', (status) => statuses.push(status))
    await server.stop()
    await server.start()
    await next(client, 'ready')
    expect(statuses).toEqual(['reconnecting', 'connected'])
    expect(sent('hello').map((hello) => hello.lastSeq)).toEqual([0, 1])
  })

  test('an unknown site closes the client for good (4004) and is reported in the registry’s words', async () => {
    const delay = recordedDelay(5)
    const client = connect({ site: 'nope', reconnectDelay: delay.reconnectDelay })
    expect(await next(client, 'error')).toEqual({ code: 'unknown_site', message: errors.unknown_site.message })
    expect(client.status).toBe('closed')
    dispatchEvent(new Event('online'))
    await roundTrip()
    expect(tap.opened).toBe(1)
    expect(delay.attempts, 'no reconnection scheduled').toEqual([])
  })

  test('a page on an origin the site does not allow closes the client for good (4003), reported in the registry’s words', async () => {
    await server.updateSite('docs', { allowedOrigins: ['https://shop.example'] })
    onTestFinished(() => server.updateSite('docs', { allowedOrigins: null }))
    const delay = recordedDelay(5)
    const client = connect({ site: 'docs', reconnectDelay: delay.reconnectDelay })
    expect(await next(client, 'error')).toEqual({ code: 'origin_not_allowed', message: errors.origin_not_allowed.message })
    expect(client.status).toBe('closed')
    dispatchEvent(new Event('online'))
    await roundTrip()
    expect(tap.opened).toBe(1)
    expect(delay.attempts, 'no reconnection scheduled').toEqual([])
  })

  test('an unknown site stops watching the page too', async () => {
    const listeners = recordListeners()
    const client = connect({ site: 'nope' })
    await next(client, 'error')
    listeners.restore()
    expect(listeners.left()).toEqual([])
  })

  test('shutdown closes the socket and stops reconnecting', async () => {
    const delay = recordedDelay(5)
    const client = connect({ reconnectDelay: delay.reconnectDelay })
    await next(client, 'ready')
    client.shutdown()
    await tap.closed()
    dispatchEvent(new Event('online'))
    await roundTrip()
    expect(tap.opened).toBe(1)
    expect(delay.attempts).toEqual([])
    expect(client.status).toBe('closed')
  })
})

describe('identify', () => {
  test('is sent after the welcome and again after every reconnection, with the latest identity', async () => {
    const client = connect({ user: { email: 'ada@example.com', name: 'Ada' } })
    await next(client, 'ready')
    expect(sent('identify')).toEqual([{ type: 'identify', email: 'ada@example.com', name: 'Ada' }])

    client.identify({ userId: 'u42', userHash: 'a'.repeat(64) })
    server.cutConnections()
    await next(client, 'ready')
    // Fields left out keep their values, as on the server.
    const merged = { type: 'identify', email: 'ada@example.com', name: 'Ada', userId: 'u42', userHash: 'a'.repeat(64) }
    expect(sent('identify').slice(1)).toEqual([merged, merged])
    client.send('Who am I?')
    const { conversationId } = await next(client, 'message')
    expect((await server.conversation(conversationId)).visitor).toMatchObject({ userId: 'u42' })
  })

  test("a verified user's other browser continues their conversation, and keeps a token of its own", async () => {
    const secret = await server.identitySecret('docs')
    const user = { userId: 'u-follows', userHash: createHmac('sha256', secret).update('u-follows').digest('hex') }
    const texts = (client: Client) => client.messages.map((message) => message.text)
    const until = (client: Client, done: () => boolean) =>
      new Promise<void>((resolve) => {
        if (done()) return resolve()
        const off = client.on('change', () => done() && (off(), resolve()))
      })
    const tokenKey = `porchlight:token:docs@${server.origin.replace('http', 'ws')}/ws/visitor`

    const laptop = connect({ site: 'docs', user })
    await next(laptop, 'ready')
    laptop.send('from the laptop')
    const { conversationId } = await next(laptop, 'message')
    await server.reply(conversationId, 'an answer')
    await until(laptop, () => texts(laptop).length === 2)
    const laptopToken = localStorage.getItem(tokenKey)

    // Another browser: nothing of the laptop's in its storage.
    localStorage.clear()
    const phone = connect({ site: 'docs', user })
    const anonymous = await next(phone, 'ready')
    const verified = await next(phone, 'ready')
    expect(verified).toEqual({ visitorId: expect.not.stringMatching(anonymous.visitorId), conversationId })
    await until(phone, () => texts(phone).length === 2)
    expect(texts(phone)).toEqual(['from the laptop', 'an answer'])
    const phoneToken = localStorage.getItem(tokenKey)
    expect(phoneToken).not.toBe(laptopToken)

    // The phone's next visit starts as the user, with the conversation.
    phone.shutdown()
    const again = connect({ site: 'docs' })
    expect(await next(again, 'ready')).toEqual(verified)
    await until(again, () => texts(again).length === 2)
  })
})

describe('the team', () => {
  test('whether an agent is online comes with the welcome and follows live, with a change event', async () => {
    const client = connect()
    expect(client.teamOnline).toBeNull()
    await next(client, 'ready')
    expect([client.teamOnline, client.hideLauncherWhenTeamOffline]).toEqual([false, false])
    const agent = await server.agentOnline()
    await vi.waitFor(() => expect(client.teamOnline).toBe(true))
    const changes = vi.fn()
    client.on('change', changes)
    await agent.leave()
    await vi.waitFor(() => expect(client.teamOnline).toBe(false))
    expect(changes).toHaveBeenCalled()
  })
})

describe('read receipts', () => {
  /** A client whose visitor wrote once and got `replies` replies, each stored before this resolves. */
  async function withReplies(replies: number) {
    const client = connect()
    await next(client, 'ready')
    client.send('Hello?')
    const { conversationId } = await next(client, 'message')
    for (let i = 1; i <= replies; i++) {
      const arrived = next(client, 'message')
      await server.reply(conversationId, `reply ${i}`)
      await arrived
    }
    return { client, conversationId }
  }

  /** The visitor's watermark on the server, once a frame sent after the read has been handled. */
  async function serverWatermark(client: Client, conversationId: string) {
    client.send('barrier')
    await new Promise<void>((resolve) => {
      const off = client.on('message', (message) => message.text === 'barrier' && (off(), resolve()))
    })
    return (await server.conversation(conversationId)).readWatermarks.visitor as number
  }

  test('counts the replies after the watermark; markRead sends the highest once, and the count follows', async () => {
    const { client, conversationId } = await withReplies(2)
    expect(client.unread).toBe(2)
    expect(client.readSeq).toBe(0)
    const counted = next(client, 'unread')
    client.markRead(3)
    expect(await counted).toBe(0)
    client.markRead(2)
    client.markRead(3)
    expect(sent('read')).toEqual([{ type: 'read', seq: 3 }])
    expect(await serverWatermark(client, conversationId)).toBe(3)
    // The visitor's own messages are never unread.
    expect(client.unread).toBe(0)
  })

  test("another tab's read brings this tab's count down, and a reload starts from the welcome's watermark", async () => {
    const { client, conversationId } = await withReplies(1)
    const other = connect()
    await next(other, 'ready')
    await vi.waitFor(() => expect(other.unread).toBe(1))
    const counted = next(other, 'unread')
    client.markRead(2)
    expect(await counted).toBe(0)
    expect(other.readSeq).toBe(2)

    const reloaded = connect()
    await next(reloaded, 'ready')
    expect(reloaded.readSeq).toBe(2)
    await server.reply(conversationId, 'one more')
    await vi.waitFor(() => expect(reloaded.unread).toBe(1))
  })

  test('a read while the connection is down reaches the server after the reconnection', async () => {
    const { client, conversationId } = await withReplies(1)
    server.cutConnections()
    client.markRead(2)
    await next(client, 'ready')
    expect(await serverWatermark(client, conversationId)).toBe(2)
  })
})

describe('email', () => {
  test('emailKnown comes from the welcome; a refused address is reported, unknown again, and not sent again', async () => {
    const client = connect()
    await next(client, 'ready')
    expect(client.emailKnown).toBe(false)
    const refused = next(client, 'error')
    client.identify({ email: 'ada@example', name: 'Ada' })
    expect(client.emailKnown).toBe(true)
    expect(await refused).toMatchObject({ code: 'invalid_email', message: errors.invalid_email.message })
    expect(client.emailKnown).toBe(false)
    server.cutConnections()
    await next(client, 'ready')
    expect(sent('identify').at(-1)).toEqual({ type: 'identify', name: 'Ada' })

    client.identify({ email: 'ada@example.com' })
    client.send('stored after the identify')
    await next(client, 'message')
    const reloaded = connect()
    await next(reloaded, 'ready')
    expect(reloaded.emailKnown).toBe(true)
  })
})

describe('typing', () => {
  /** An agent socket (the admin's) and a client whose visitor has written once. */
  async function withAgent() {
    const agent = await connectAgent(server.origin.replace('http', 'ws'), await login(server.origin))
    onTestFinished(() => agent.close())
    const client = connect()
    await next(client, 'ready')
    client.send('Hello?')
    const { conversationId } = await next(client, 'message')
    return { agent, client, conversationId }
  }

  test('setTyping sends a start once per 2 s at most, and sending the message sends the stop; the agents see both', async () => {
    const { agent, client, conversationId } = await withAgent()
    client.setTyping(true)
    client.setTyping(true)
    expect(sent('typing')).toEqual([{ type: 'typing', active: true }])
    expect(await agent.next('typing')).toEqual({ type: 'typing', conversationId, actor: { kind: 'visitor' }, active: true })
    client.send('Done typing')
    expect(sent('typing')).toEqual([
      { type: 'typing', active: true },
      { type: 'typing', active: false },
    ])
    expect(await agent.next('typing')).toMatchObject({ active: false })
  })

  test("an agent's typing arrives as their name, and their message clears it", async () => {
    const { agent, client, conversationId } = await withAgent()
    expect(client.typing).toBeNull()
    const typing = next(client, 'typing')
    agent.send({ type: 'typing', conversationId, active: true })
    expect(await typing).toBe('Admin')
    expect(client.typing).toBe('Admin')
    const cleared = next(client, 'typing')
    await server.reply(conversationId, 'Here I am')
    expect(await cleared).toBeNull()
    expect(client.messages.at(-1)?.text).toBe('Here I am')
  })
})

describe('two-way chat', () => {
  test('off: the welcome or a change says so, and a message is refused, reported, and dropped from the outbox for good', async () => {
    const own = await ownServer({})
    const client = connect({}, own.origin)
    await next(client, 'ready')
    expect(client.twoWayChat).toBe(true)
    await own.updateSite('default', { widget: { twoWayChat: false } })
    await vi.waitFor(() => expect(client.twoWayChat).toBe(false))

    const { clientId } = client.send('Anyone there?')
    expect(await next(client, 'error')).toEqual({ code: 'two_way_chat_off', message: errors.two_way_chat_off.message, clientId })
    expect(client.pending).toEqual([])
    const reloaded = connect({}, own.origin)
    expect(reloaded.pending).toEqual([])
    await next(reloaded, 'ready')
    expect(reloaded.twoWayChat).toBe(false)

    await own.updateSite('default', { widget: { twoWayChat: null } })
    await vi.waitFor(() => expect(client.twoWayChat).toBe(true))
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
    server.cutConnections()
    await vi.waitFor(() => expect(client.status).toBe('reconnecting'))
    client.setWidgetOpen(true)
    dispatchEvent(new FocusEvent('focus'))
    dispatchEvent(new Event('online'))
    await next(client, 'ready')
    expect(sent('hello').map((hello) => hello.signals)).toEqual([signals({}), signals({ focused: true, widgetOpen: true })])
    expect(sent('signals')).toEqual([])
  })

  test("a ping is answered with a pong carrying the current signals, from the socket's onmessage", async () => {
    const own = await ownServer({ timings: { heartbeatInterval: 40 } })
    const client = connect({}, own.origin)
    await next(client, 'ready')
    // Listeners run in the order they were added: this one after the client's onmessage. If the pong
    // is sent by then, it was sent while the ping was being handled, not from a timer or a promise.
    const pongsBefore = sent('pong').length
    const pongsSentWhenPingHandled: number[] = []
    tap.sockets[0]!.addEventListener('message', (event: MessageEvent) => {
      if (JSON.parse(String(event.data)).type === 'ping') pongsSentWhenPingHandled.push(sent('pong').length - pongsBefore)
    })

    client.setWidgetOpen(true)
    dispatchEvent(new FocusEvent('focus'))
    const opened = sent('pong').length
    await vi.waitFor(() => expect(sent('pong').length).toBeGreaterThan(opened))
    expect(sent('pong').at(-1)).toEqual({ type: 'pong', ...signals({ focused: true, widgetOpen: true }) })
    setVisibility('hidden')
    const hidden = sent('pong').length
    await vi.waitFor(() => expect(sent('pong').length).toBeGreaterThan(hidden))
    expect(sent('pong').at(-1)).toEqual({ type: 'pong', ...signals({ visible: false, focused: true, widgetOpen: true }) })
    expect(pongsSentWhenPingHandled).toEqual(pongsSentWhenPingHandled.map((_, i) => i + 1))
    expect(pongsSentWhenPingHandled.length).toBeGreaterThanOrEqual(2)
  })

  test("the server's presence arrives as the `presence` event and accessor, and repaints nothing", async () => {
    const client = connect()
    expect(client.presence).toBeNull()
    const first = next(client, 'presence')
    await next(client, 'ready')
    const online = await first
    expect(online).toMatchObject({ state: 'online', reason: 'visible', widgetOpen: false })
    expect(client.presence).toEqual(online)

    const changes = vi.fn()
    client.on('change', changes)
    const hiddenAt = performance.now()
    setVisibility('hidden')
    const away = await next(client, 'presence')
    expect(away).toMatchObject({ state: 'away', reason: 'tab_hidden', widgetOpen: false })
    expect(performance.now() - hiddenAt).toBeGreaterThanOrEqual(awayAfter - 5)
    expect(client.presence).toEqual(away)
    expect(changes).not.toHaveBeenCalled()
  })

  test("idle after the welcome's idleAfter without input, and not idle at once on input", async () => {
    const own = await ownServer({ timings: { idleAfter: 80 } })
    // Before connecting: the client counts from the welcome, later. (Exact timing: idle-tracker.test.ts.)
    const before = performance.now()
    const client = connect({}, own.origin)
    await next(client, 'ready')
    await vi.waitFor(() => expect(sent('signals')).toEqual([{ type: 'signals', ...signals({ idle: true }) }]))
    expect(performance.now() - before).toBeGreaterThanOrEqual(80)
    expect(client.signals.idle).toBe(true)

    dispatchEvent(new Event('pointerdown'))
    expect(client.signals.idle).toBe(false)
    expect(sent('signals')[1]).toEqual({ type: 'signals', ...signals({}) })
  })

  test('pagehide: a frame, close 1000 "pagehide", a beacon; nothing reconnects until pageshow', async () => {
    const beacon = fakeSendBeacon()
    const undoSendBeforeClose = sendBeforeClose()
    onTestFinished(() => {
      beacon.undo()
      undoSendBeforeClose()
    })
    const delay = recordedDelay(5)
    const client = connect({ site: 'docs', reconnectDelay: delay.reconnectDelay })
    await next(client, 'ready')
    pageTransition('pagehide', true)
    await tap.closed()
    expect(tap.closes).toEqual([{ code: 1000, reason: 'pagehide' }])
    expect(sent('pagehide')).toEqual([{ type: 'pagehide', persisted: true }])
    expect(beacon.calls.map((call) => call.url)).toEqual([`${server.origin}/api/visitor/beacon`])
    await vi.waitFor(() => expect(beacon.statuses, 'the server took the beacon').toEqual([204]))

    // In the back/forward cache (or on its way out) the page must not open a socket: only pageshow may.
    setVisibility('hidden')
    document.dispatchEvent(new Event('freeze'))
    document.dispatchEvent(new Event('resume'))
    dispatchEvent(new Event('online'))
    setVisibility('visible')
    await roundTrip()
    expect(tap.opened).toBe(1)
    expect(delay.attempts, 'no reconnection scheduled').toEqual([])
    expect(sent('freeze'), 'no socket to send it on').toEqual([])

    pageTransition('pageshow', true)
    await next(client, 'ready')
    expect(tap.opened).toBe(2)
    const { token } = sent('hello')[1]!
    expect(JSON.parse(beacon.calls[0]!.body)).toEqual({ site: 'docs', token, event: 'pagehide', persisted: true })
  })

  test('pagehide of a page that was never welcomed sends no beacon: there is no token yet', () => {
    const beacon = fakeSendBeacon()
    connect()
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
      server.cutConnections()
      await vi.waitFor(() => expect(client.status).toBe('reconnecting'))
      if (trigger === 'pageshow') pageTransition('pageshow', true)
      else if (trigger === 'resume') document.dispatchEvent(new Event('resume'))
      else if (trigger === 'online') dispatchEvent(new Event('online'))
      else setVisibility('visible')
      await next(client, 'ready')
      expect(tap.opened).toBe(2)
    },
  )

  test('freeze is sent as a frame', async () => {
    const client = connect()
    await next(client, 'ready')
    document.dispatchEvent(new Event('freeze'))
    expect(sent('freeze')).toEqual([{ type: 'freeze' }])
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
    expect(tap.closes).toEqual([{ code: 1000, reason: 'shutdown' }])
  })
})

describe('faults the real server cannot produce (the fake server)', () => {
  let fake: TestServer
  beforeEach(async () => {
    fake = await startTestServer()
  })
  afterEach(async () => {
    for (const client of clients) client.shutdown()
    clients = []
    await fake.close()
    expect(fake.invalid, 'frames that break the protocol').toEqual([])
  })

  const fakeSent = <Type extends VisitorClientFrame['type']>(type: Type) =>
    fake.received.filter((frame): frame is Extract<VisitorClientFrame, { type: Type }> => frame.type === type)

  test('a return link whose exchange hangs is given up after 10 s, said so, and the client connects', async () => {
    history.replaceState(null, '', '/pricing#porchlight=hung')
    onTestFinished(() => history.replaceState(null, '', '/'))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    onTestFinished(() => {
      vi.useRealTimers()
    })
    const client = connect({}, fake.origin)
    const error = next(client, 'error')
    await vi.waitFor(() => expect(fake.resumeRequests).toBe(1))
    expect(fakeSent('hello')).toEqual([])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await error).toEqual({ code: 'internal_error', message: 'The link back to your conversation could not be opened.' })
    vi.useRealTimers()
    await next(client, 'ready')
  })

  test('a message lost on the way is resent after a reconnection, and stored once', async () => {
    fake.onSend = 'ignore'
    const client = connect({}, fake.origin)
    const messages = collect(client)
    await next(client, 'ready')
    const { clientId } = client.send('First try gets lost')
    await vi.waitFor(() => expect(fakeSent('message.send')).toHaveLength(1))

    fake.onSend = 'ack'
    fake.drop(1001)
    await vi.waitFor(() => expect(messages).toHaveLength(1))
    expect(fakeSent('message.send').map((frame) => frame.clientId)).toEqual([clientId, clientId])
    expect(fake.visitor().messages).toHaveLength(1)
  })

  test('a stored message whose ack was lost comes back in the replay and is not doubled by the resend', async () => {
    fake.onSend = 'store'
    const client = connect({}, fake.origin)
    const messages = collect(client)
    await next(client, 'ready')
    client.send('Ack me')
    await vi.waitFor(() => expect(fake.visitor().messages).toHaveLength(1))

    fake.onSend = 'ack'
    fake.drop(1001)
    await vi.waitFor(() => expect(fakeSent('message.send')).toHaveLength(2))
    await vi.waitFor(() => expect(client.pending).toEqual([]))
    expect(messages).toHaveLength(1)
    expect(client.messages).toHaveLength(1)
  })

  test('a message the server refuses as invalid leaves the outbox and is reported', async () => {
    fake.refuseNext = 1
    const client = connect({}, fake.origin)
    const { clientId } = client.send('Refused')
    expect(await next(client, 'error')).toEqual({ code: 'invalid_frame', message: errors.invalid_frame.message, clientId })
    expect(client.pending).toEqual([])
    expect(connect({}, fake.origin).pending).toEqual([])
  })

  test('backs off with the attempt number until a welcome, which resets it', async () => {
    const delay = recordedDelay(5)
    fake.refuseHello = true
    const client = connect({ reconnectDelay: delay.reconnectDelay }, fake.origin)
    await vi.waitFor(() => expect(delay.attempts.length).toBeGreaterThanOrEqual(3))
    expect(client.status).toBe('connecting')
    fake.refuseHello = false
    await next(client, 'ready')
    expect(delay.attempts).toEqual([...delay.attempts.keys()])

    delay.attempts.length = 0
    fake.drop(1001)
    await next(client, 'ready')
    expect(delay.attempts).toEqual([0])
  })
})
