import { afterEach, describe, expect, it } from 'vitest'
import { connectVisitor, type FrameSocket, connectAgent } from './support/frame-socket.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

const heartbeatInterval = 250
const offlineGrace = 600
const awayAfter = 400
const visible = { visible: true, focused: true, widgetOpen: false, idle: false }
const hidden = { visible: false, focused: false, widgetOpen: false, idle: false }

let server: TestServer
afterEach(async () => {
  await server?.close()
})

async function start(timings: Record<string, number> = {}) {
  server = await startServer({ timings: { heartbeatInterval, offlineGrace, awayAfter, ...timings } })
  const cookie = await login(server.url)
  const agent = await connectAgent(server.wsUrl, cookie)
  return { cookie, agent }
}

/** A visitor who wrote once, so that they have a conversation to look at. */
async function visitorWithConversation(signals = visible) {
  const { visitor, welcome } = await connectVisitor(server.wsUrl, { signals })
  visitor.send({ type: 'message.send', clientId: 'hello', text: 'hello' })
  const { conversationId } = await visitor.next('message.ack')
  return { visitor, welcome, conversationId: conversationId as string }
}

const presenceOf = (agent: FrameSocket, visitorId: string, state: string, timeout = 5000) =>
  agent.nextWhere('presence.changed', (f) => f.visitorId === visitorId && f.presence.state === state, timeout)

/**
 * The agent's presence frames until a fresh visitor, whose page closes now, turns offline. Its grace
 * starts after every grace already running, so an offline those still owe would come before its own.
 */
async function presenceUntilSentinelOffline(agent: FrameSocket) {
  const sentinel = await connectVisitor(server.wsUrl, { signals: visible })
  sentinel.visitor.send({ type: 'pagehide', persisted: false })
  sentinel.visitor.socket.close(1000, 'pagehide')
  const isSentinelOffline = (f: Record<string, any>) => f.visitorId === sentinel.welcome.visitorId && f.presence.state === 'offline'
  return (await agent.until('presence.changed', isSentinelOffline)).filter((f) => f.visitorId !== sentinel.welcome.visitorId)
}

async function timeline(cookie: string, conversationId: string) {
  const { body } = await api(server.url, cookie, `/api/conversations/${conversationId}/presence`)
  return body.timeline.map((entry: { state: string; reason: string }) => `${entry.state}/${entry.reason}`)
}

describe('presence over real sockets', () => {
  it('turns a visitor online on connect, tells agents and the visitor, and records it', async () => {
    const { agent, cookie } = await start()
    const { visitor, welcome, conversationId } = await visitorWithConversation()
    const changed = await presenceOf(agent, welcome.visitorId, 'online')
    expect(changed.presence).toMatchObject({ state: 'online', reason: 'visible', widgetOpen: false })
    expect((await visitor.next('presence')).presence).toMatchObject({ state: 'online', reason: 'visible' })
    expect(welcome.idleAfter).toBe(300_000)
    // Changes reach agents at once; the timeline is written within a moment.
    await expect.poll(() => timeline(cookie, conversationId)).toEqual(['online/visible'])
    visitor.close()
  })

  it('turns a socket that stops answering offline with heartbeat_timeout within two intervals', async () => {
    const { agent } = await start()
    let answering = true
    const { visitor, welcome } = await connectVisitor(server.wsUrl, { signals: visible }, { autoPong: false })
    visitor.socket.on('ping', () => answering && visitor.socket.pong())
    await presenceOf(agent, welcome.visitorId, 'online')
    // Two rounds answered, then silence.
    await new Promise<void>((resolve) => {
      let pings = 0
      visitor.socket.on('ping', () => ++pings === 2 && resolve())
    })
    answering = false
    const stoppedAt = Date.now()
    const next = await agent.next('presence.changed', 4 * heartbeatInterval)
    // Straight to offline: a socket that stopped answering is not mistaken for a frozen page on the way.
    expect(next.presence).toMatchObject({ state: 'offline', reason: 'heartbeat_timeout' })
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(2 * heartbeatInterval + 150)
  })

  it('turns a page that answers protocol pings but not its own away with frozen, and online when it answers again', async () => {
    const { agent } = await start()
    const { visitor, welcome } = await connectVisitor(server.wsUrl, { signals: visible }, { answerPings: false })
    await presenceOf(agent, welcome.visitorId, 'online')
    // The ws client answers protocol pings by itself; not answering `ping` frames is a frozen page.
    // Two missed rounds: a network that stalls misses one too, and then ends as a heartbeat timeout.
    const away = await presenceOf(agent, welcome.visitorId, 'away', 6 * heartbeatInterval)
    expect(away.presence.reason).toBe('frozen')
    await visitor.next('ping')
    visitor.send({ type: 'pong', ...visible })
    expect((await presenceOf(agent, welcome.visitorId, 'online')).presence.reason).toBe('visible')
    visitor.close()
  })

  it('records no offline when a clean close is followed by a reconnect within the grace (a reload)', async () => {
    const { agent, cookie } = await start()
    const { visitor, welcome, conversationId } = await visitorWithConversation()
    await presenceOf(agent, welcome.visitorId, 'online')
    visitor.send({ type: 'pagehide', persisted: false })
    visitor.socket.close(1000, 'pagehide')
    await visitor.closed
    const again = await connectVisitor(server.wsUrl, { token: welcome.token, signals: visible })
    expect(await presenceUntilSentinelOffline(agent)).toEqual([])
    expect(await timeline(cookie, conversationId)).toEqual(['online/visible'])
    again.visitor.close()
  })

  it('turns a closed page offline with page_closed after the grace', async () => {
    const { agent } = await start()
    const { visitor, welcome } = await visitorWithConversation()
    await presenceOf(agent, welcome.visitorId, 'online')
    visitor.send({ type: 'pagehide', persisted: false })
    visitor.socket.close(1000, 'pagehide')
    const closedAt = Date.now()
    const offline = await presenceOf(agent, welcome.visitorId, 'offline')
    expect(offline.presence.reason).toBe('page_closed')
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(offlineGrace - 20)
    expect(Date.now() - closedAt).toBeLessThanOrEqual(offlineGrace + 1000)
  })

  it('tells a lost network from a closed page, and takes the beacon as proof of a closed page', async () => {
    const { agent } = await start()
    const lost = await connectVisitor(server.wsUrl, { signals: visible })
    await presenceOf(agent, lost.welcome.visitorId, 'online')
    lost.visitor.socket.terminate()
    expect((await presenceOf(agent, lost.welcome.visitorId, 'offline')).presence.reason).toBe('network_lost')

    const beaconed = await connectVisitor(server.wsUrl, { signals: visible })
    await presenceOf(agent, beaconed.welcome.visitorId, 'online')
    beaconed.visitor.socket.terminate()
    const beacon = await fetch(`${server.url}/api/visitor/beacon`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://shop.example' },
      body: JSON.stringify({ site: 'default', token: beaconed.welcome.token, event: 'pagehide', persisted: false }),
    })
    expect(beacon.status).toBe(204)
    expect((await presenceOf(agent, beaconed.welcome.visitorId, 'offline')).presence.reason).toBe('page_closed')

    const bad = await fetch(`${server.url}/api/visitor/beacon`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'nope' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'bad_request' })
  })

  it('keeps two tabs online while one is visible, and turns them away only after both stay hidden for awayAfter', async () => {
    const { agent, cookie } = await start()
    const first = await visitorWithConversation()
    const second = await connectVisitor(server.wsUrl, { token: first.welcome.token, signals: hidden })
    await presenceOf(agent, first.welcome.visitorId, 'online')
    // A tab that changes nothing still learns, right after its welcome, where the visitor stands.
    expect((await second.visitor.next('presence')).presence).toMatchObject({ state: 'online', reason: 'visible' })
    first.visitor.send({ type: 'signals', ...hidden })
    const hiddenAt = Date.now()
    second.visitor.send({ type: 'signals', ...visible }) // a quick switch between tabs
    second.visitor.send({ type: 'signals', ...hidden })
    const away = await presenceOf(agent, first.welcome.visitorId, 'away')
    expect(away.presence.reason).toBe('tab_hidden')
    expect(Date.now() - hiddenAt).toBeGreaterThanOrEqual(awayAfter - 20)
    second.visitor.send({ type: 'signals', ...visible, widgetOpen: true })
    expect((await presenceOf(agent, first.welcome.visitorId, 'online')).presence.widgetOpen).toBe(true)
    await expect.poll(() => timeline(cookie, first.conversationId)).toEqual(['online/visible', 'away/tab_hidden', 'online/visible'])
    first.visitor.close()
    second.visitor.close()
  })

  it('marks visitors a stopped server left online offline after the next start, unless they come back', async () => {
    const { agent, cookie } = await start()
    const left = await visitorWithConversation()
    const back = await visitorWithConversation()
    await presenceOf(agent, left.welcome.visitorId, 'online')
    await presenceOf(agent, back.welcome.visitorId, 'online')
    agent.close()
    // A crash: the server is gone before it could record anyone leaving.
    server = await server.restart()
    const again = await connectVisitor(server.wsUrl, { token: back.welcome.token, signals: visible })
    const newCookie = await login(server.url)
    const watcher = await connectAgent(server.wsUrl, newCookie)
    const changes = await presenceUntilSentinelOffline(watcher)
    const offline = (visitorId: string) => changes.filter((f) => f.visitorId === visitorId && f.presence.state === 'offline')
    expect(offline(left.welcome.visitorId).map((f) => f.presence.reason)).toEqual(['network_lost'])
    expect(offline(back.welcome.visitorId)).toEqual([])
    await expect.poll(() => timeline(newCookie, left.conversationId)).toEqual(['online/visible', 'offline/network_lost'])
    expect(await timeline(newCookie, back.conversationId)).toEqual(['online/visible'])
    expect(cookie).not.toBe(newCookie)
    again.visitor.close()
    watcher.close()
  })

  it('rate-limits presence frames separately from messages', async () => {
    await start()
    const { visitor } = await connectVisitor(server.wsUrl, { signals: visible })
    for (let i = 0; i < 60; i++) visitor.send({ type: 'signals', ...(i % 2 ? visible : hidden) })
    expect((await visitor.next('error')).code).toBe('rate_limited')
    visitor.send({ type: 'message.send', clientId: 'still', text: 'messages still go through' })
    expect(await visitor.next('message.ack')).toMatchObject({ clientId: 'still' })
    visitor.close()
  })
})

describe('sessions and the queue', () => {
  it('orders the queue online, then away, then offline, longest waiting first, and filters by session', async () => {
    const { agent, cookie } = await start({ inactivityWindow: 60_000 })
    const waitingLongest = await visitorWithConversation()
    const waitingLess = await visitorWithConversation()
    const away = await visitorWithConversation()
    const gone = await visitorWithConversation()
    away.visitor.send({ type: 'signals', ...hidden })
    gone.visitor.send({ type: 'pagehide', persisted: false })
    gone.visitor.socket.close(1000, 'pagehide')
    await presenceOf(agent, away.welcome.visitorId, 'away')
    const ended = await agent.nextWhere('session.changed', (f) => f.conversationId === gone.conversationId)
    expect(ended.session).toMatchObject({ state: 'inactive', inactiveReason: 'user_offline' })

    const queue = async () => (await api(server.url, cookie, '/api/conversations')).body.conversations
    await expect
      .poll(async () => (await queue()).map((c: { id: string }) => c.id))
      .toEqual([waitingLongest.conversationId, waitingLess.conversationId, away.conversationId, gone.conversationId])
    const body = { conversations: await queue() }
    expect(body.conversations[0]).toMatchObject({
      presence: { state: 'online', reason: 'visible' },
      session: { state: 'active', inactiveReason: null },
      lastVisitorMessageAt: expect.any(String),
    })
    expect(body.conversations[3]).toMatchObject({
      presence: { state: 'offline', reason: 'page_closed' },
      session: { state: 'inactive', inactiveReason: 'user_offline' },
    })
    const active = (await api(server.url, cookie, '/api/conversations?session=active')).body.conversations
    expect(active.map((c: { id: string }) => c.id)).toEqual([
      waitingLongest.conversationId,
      waitingLess.conversationId,
      away.conversationId,
    ])
    const inactive = (await api(server.url, cookie, '/api/conversations?session=inactive')).body.conversations
    expect(inactive.map((c: { id: string }) => c.id)).toEqual([gone.conversationId])
    for (const { visitor } of [waitingLongest, waitingLess, away]) visitor.close()
  })

  it('turns an away visitor’s session inactive with no_response after the inactivity window, and active when they write', async () => {
    const { agent } = await start({ inactivityWindow: 500 })
    const { visitor, conversationId } = await visitorWithConversation()
    visitor.send({ type: 'signals', ...hidden })
    const inactive = await agent.nextWhere('session.changed', (f) => f.conversationId === conversationId, 3000)
    expect(inactive.session).toMatchObject({ state: 'inactive', inactiveReason: 'no_response' })
    visitor.send({ type: 'message.send', clientId: 'back', text: 'sorry, I am back' })
    const active = await agent.nextWhere('session.changed', (f) => f.conversationId === conversationId, 3000)
    expect(active.session).toMatchObject({ state: 'active', inactiveReason: null })
    visitor.close()
  })
})
