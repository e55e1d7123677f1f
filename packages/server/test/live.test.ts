import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../src/identity/passwords.js'
import { Store } from '../src/store/store.js'
import { connectAgent, connectVisitor, type FrameSocket } from './support/frame-socket.js'
import { manualClock } from './support/manual-clock.js'
import { api, login, startServer, testPasswordCost, type TestServer } from './support/start-server.js'

// Typing, viewers and two-way chat over real sockets: the admin ("Admin", from the seed) and a second
// agent, Alan, each on their own socket; a visitor with a conversation.

const alan = { email: 'alan@example.com', password: 'an agent password' }

let server: TestServer
let clock: ReturnType<typeof manualClock>
let cookie: string
let adminId: string
let alanId: string
const sockets: FrameSocket[] = []

beforeEach(async () => {
  clock = manualClock()
  const first = await startServer({ clock: clock.now })
  await first.stop()
  const store = await Store.open(first.dataDir)
  alanId = randomUUID()
  await store.agents.create(
    { id: alanId, email: alan.email, name: 'Alan', role: 'agent' },
    await hashPassword(alan.password, { N: testPasswordCost.N, r: 8, p: 1 }),
    Date.now(),
  )
  await store.close()
  server = await first.restart()
  cookie = await login(server.url)
  adminId = (await api(server.url, cookie, '/api/auth/me')).body.agent.id
})
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close()
  await server.close()
})

async function agentSocket(as: 'admin' | 'alan' = 'admin'): Promise<FrameSocket> {
  const socket = await connectAgent(server.wsUrl, as === 'admin' ? cookie : await login(server.url, alan))
  sockets.push(socket)
  return socket
}

/** A visitor who has written once: their socket and conversation. */
async function chattingVisitor(): Promise<{ visitor: FrameSocket; token: string; conversationId: string }> {
  const { visitor, welcome } = await connectVisitor(server.wsUrl)
  sockets.push(visitor)
  visitor.send({ type: 'message.send', clientId: 'c1', text: 'hello' })
  const { conversationId } = await visitor.next('message.ack')
  return { visitor, token: welcome.token, conversationId }
}

const isStop = (frame: Record<string, any>) => frame.active === false

describe('typing', () => {
  it("relays the visitor's typing to every agent, one frame a second at most (a stop right after a start goes through)", async () => {
    const agent = await agentSocket()
    const { visitor, conversationId } = await chattingVisitor()
    visitor.send({ type: 'typing', active: true })
    visitor.send({ type: 'typing', active: true })
    visitor.send({ type: 'typing', active: false })
    // Frames are handled in order: the repeated start, had it gone on, would have come before the stop.
    const actor = { kind: 'visitor' }
    expect(await agent.until('typing', isStop)).toEqual([
      { type: 'typing', conversationId, actor, active: true },
      { type: 'typing', conversationId, actor, active: false },
    ])

    clock.advance(1_000)
    visitor.send({ type: 'typing', active: true })
    expect(await agent.next('typing')).toEqual({ type: 'typing', conversationId, actor, active: true })
  })

  it('drops the typing of a visitor who has no conversation yet', async () => {
    const agent = await agentSocket()
    const { visitor } = await connectVisitor(server.wsUrl)
    sockets.push(visitor)
    visitor.send({ type: 'typing', active: true })
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'first' })
    // A relayed typing frame would have reached the agent before the message that followed it.
    await agent.next('message.created')
    expect(agent.received('typing')).toEqual([])
  })

  it("relays an agent's typing to the visitor's tabs with the agent's name and to the other agents, never to the agent's own sockets", async () => {
    const admin = await agentSocket()
    const adminOtherTab = await agentSocket()
    const other = await agentSocket('alan')
    const { visitor, token, conversationId } = await chattingVisitor()
    const { visitor: visitorOtherTab } = await connectVisitor(server.wsUrl, { token })
    sockets.push(visitorOtherTab)

    admin.send({ type: 'typing', conversationId, active: true })
    admin.send({ type: 'typing', conversationId, active: true })
    admin.send({ type: 'typing', conversationId, active: false })
    // The reply emptied, then the agent types again: the start goes on at once, after the stop.
    admin.send({ type: 'typing', conversationId, active: true })
    const toVisitor = [
      { type: 'typing', active: true, name: 'Admin' },
      { type: 'typing', active: false, name: 'Admin' },
    ]
    expect(await visitor.until('typing', isStop)).toEqual(toVisitor)
    expect(await visitorOtherTab.until('typing', isStop)).toEqual(toVisitor)
    const actor = { kind: 'agent', agentId: adminId, name: 'Admin' }
    expect(await other.until('typing', isStop)).toEqual([
      { type: 'typing', conversationId, actor, active: true },
      { type: 'typing', conversationId, actor, active: false },
    ])
    expect(await visitor.next('typing')).toEqual({ type: 'typing', active: true, name: 'Admin' })
    expect(await other.next('typing')).toEqual({ type: 'typing', conversationId, actor, active: true })
    // Every agent socket was sent the stop in the same turn: whatever the admin's were sent is there now.
    await Promise.all([admin.barrier(), adminOtherTab.barrier()])
    expect([...admin.received('typing'), ...adminOtherTab.received('typing')]).toEqual([])

    // Paced per conversation: Alan's typing is his own, and goes on at once.
    other.send({ type: 'typing', conversationId, active: true })
    expect(await admin.next('typing')).toMatchObject({ actor: { kind: 'agent', agentId: alanId, name: 'Alan' }, active: true })
  })

  it('refuses typing in a conversation that does not exist, or a malformed frame', async () => {
    const admin = await agentSocket()
    admin.send({ type: 'typing', conversationId: 'nope', active: true })
    expect(await admin.next('error')).toMatchObject({ code: 'conversation_not_found' })
    admin.send({ type: 'typing', active: true })
    expect(await admin.next('error')).toMatchObject({ code: 'invalid_frame' })
  })
})

describe('viewers', () => {
  it('tells every agent who has a conversation open, each agent once, and the sender at once', async () => {
    const admin = await agentSocket()
    const other = await agentSocket('alan')
    const { conversationId } = await chattingVisitor()
    const adminViewer = { id: adminId, name: 'Admin' }
    const alanViewer = { id: alanId, name: 'Alan' }
    const viewers = (...agents: object[]) => ({ type: 'viewers', conversationId, agents })

    admin.send({ type: 'viewing', conversationId })
    expect(await admin.next('viewers')).toEqual(viewers(adminViewer))
    expect(await other.next('viewers')).toEqual(viewers(adminViewer))
    other.send({ type: 'viewing', conversationId })
    expect(await admin.next('viewers')).toEqual(viewers(adminViewer, alanViewer))
    expect(await other.next('viewers')).toEqual(viewers(adminViewer, alanViewer))

    // The admin's second tab on it changes nobody's list: only that tab is told.
    const adminOtherTab = await agentSocket()
    adminOtherTab.send({ type: 'viewing', conversationId })
    expect(await adminOtherTab.next('viewers')).toEqual(viewers(adminViewer, alanViewer))
    await Promise.all([admin.barrier(), other.barrier()])
    expect([...admin.received('viewers'), ...other.received('viewers')]).toEqual([])

    // A socket that closes leaves; the admin stays while a tab of theirs still shows it.
    admin.close()
    await admin.closed
    adminOtherTab.send({ type: 'viewing', conversationId: null })
    expect(await other.next('viewers')).toEqual(viewers(alanViewer))
    expect(other.received('viewers')).toEqual([])
  })

  it('follows a renamed agent: the viewers, their typing and every agent’s team list show the new name', async () => {
    const admin = await agentSocket()
    const alanCookie = await login(server.url, alan)
    const other = await connectAgent(server.wsUrl, alanCookie)
    sockets.push(other)
    const { visitor, conversationId } = await chattingVisitor()
    other.send({ type: 'viewing', conversationId })
    expect((await admin.next('viewers')).agents).toEqual([{ id: alanId, name: 'Alan' }])

    const renamed = await api(server.url, alanCookie, '/api/auth/me', { method: 'PATCH', body: { name: 'Alan Turing' } })
    expect(renamed.status).toBe(200)
    expect(await admin.next('agent.updated')).toEqual({ type: 'agent.updated', agent: renamed.body.agent })
    expect(await admin.next('viewers')).toEqual({ type: 'viewers', conversationId, agents: [{ id: alanId, name: 'Alan Turing' }] })
    other.send({ type: 'typing', conversationId, active: true })
    expect(await visitor.next('typing')).toEqual({ type: 'typing', active: true, name: 'Alan Turing' })
    expect(await admin.next('typing')).toMatchObject({ actor: { kind: 'agent', agentId: alanId, name: 'Alan Turing' } })
  })

  it('refuses a conversation that does not exist', async () => {
    const admin = await agentSocket()
    admin.send({ type: 'viewing', conversationId: 'nope' })
    expect(await admin.next('error')).toMatchObject({ code: 'conversation_not_found' })
  })
})

describe('two-way chat', () => {
  const setTwoWayChat = (twoWayChat: boolean | null | string) =>
    api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { widget: { twoWayChat } } })

  it('turned off, refuses visitor messages with two_way_chat_off and tells open widgets at once; agents still reply', async () => {
    const agent = await agentSocket()
    const { visitor, conversationId } = await chattingVisitor()
    expect((await api(server.url, cookie, '/api/sites/default')).body.site.widget).toMatchObject({ twoWayChat: true })

    const patched = await setTwoWayChat(false)
    expect(patched.status).toBe(200)
    expect(patched.body.site.widget).toMatchObject({ twoWayChat: false })
    expect(await visitor.next('site')).toEqual({ type: 'site', twoWayChat: false, hideLauncherWhenTeamOffline: false })
    visitor.send({ type: 'typing', active: true })
    visitor.send({ type: 'message.send', clientId: 'c2', text: 'can I still write?' })
    expect(await visitor.next('error')).toMatchObject({ code: 'two_way_chat_off', clientId: 'c2' })
    const conversation = (await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation
    expect(conversation.messages.map((message: { text: string }) => message.text)).toEqual(['hello'])
    await agent.barrier()
    expect(agent.received('typing')).toEqual([])

    const { visitor: later, welcome } = await connectVisitor(server.wsUrl)
    sockets.push(later)
    expect(welcome.twoWayChat).toBe(false)
    await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'we reply' } })
    expect((await visitor.next('message')).message.text).toBe('we reply')

    // null is the default again: on.
    expect((await setTwoWayChat(null)).body.site.widget).toMatchObject({ twoWayChat: true })
    expect(await visitor.next('site')).toEqual({ type: 'site', twoWayChat: true, hideLauncherWhenTeamOffline: false })
    visitor.send({ type: 'message.send', clientId: 'c3', text: 'thanks' })
    expect(await visitor.next('message.ack')).toMatchObject({ clientId: 'c3' })
    expect(visitor.received('site')).toEqual([])
  })

  it('is on by default, tells a new widget in its welcome, and takes only a boolean or null', async () => {
    const { visitor: first, welcome } = await connectVisitor(server.wsUrl)
    sockets.push(first)
    expect(welcome.twoWayChat).toBe(true)
    const refused = await setTwoWayChat('off')
    expect(refused.status).toBe(400)
    expect(refused.body.code).toBe('bad_request')
    const created = await api(server.url, cookie, '/api/sites', {
      method: 'POST',
      body: { id: 'quiet', name: 'Quiet', widget: { twoWayChat: false } },
    })
    expect(created.body.site.widget).toMatchObject({ twoWayChat: false })
    const { visitor, welcome: quiet } = await connectVisitor(server.wsUrl, { site: 'quiet' })
    sockets.push(visitor)
    expect(quiet.twoWayChat).toBe(false)
  })
})
