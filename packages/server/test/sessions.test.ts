import { afterEach, describe, expect, it } from 'vitest'
import { connectVisitor, type FrameSocket, connectAgent } from './support/frame-socket.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

const visible = { visible: true, focused: true, widgetOpen: false, idle: false }
const hidden = { visible: false, focused: false, widgetOpen: false, idle: false }

let server: TestServer
afterEach(async () => {
  await server?.close()
})

async function agentSocket() {
  const cookie = await login(server.url)
  const agent = await connectAgent(server.wsUrl, cookie)
  return { agent, cookie }
}

/** A visitor who wrote and then hid their tab: away, their session active until the inactivity window ends. */
async function awayVisitor(agent: FrameSocket) {
  const { visitor, welcome } = await connectVisitor(server.wsUrl, { signals: visible })
  visitor.send({ type: 'message.send', clientId: 'c1', text: 'anyone there?' })
  const { conversationId } = await visitor.next('message.ack')
  visitor.send({ type: 'signals', ...hidden })
  await agent.nextWhere('presence.changed', (frame) => frame.visitorId === welcome.visitorId && frame.presence.state === 'away')
  return { visitor, welcome, conversationId: conversationId as string }
}

const noResponse = (agent: FrameSocket, conversationId: string) =>
  agent.nextWhere('session.changed', (frame) => frame.conversationId === conversationId && frame.session.inactiveReason === 'no_response')

describe('sessions across a restart', () => {
  it('turns an away visitor’s session inactive with no_response after a restart, with the timer set again at start', async () => {
    // A long grace keeps the visitor away (not offline) after the restart, so only the inactivity window can end it.
    const timings = { heartbeatInterval: 250, awayAfter: 100, offlineGrace: 60_000, inactivityWindow: 1_500 }
    server = await startServer({ timings })
    const before = await agentSocket()
    const { visitor, conversationId } = await awayVisitor(before.agent)
    before.agent.close()
    server = await server.restart()
    await visitor.closed

    const { agent, cookie } = await agentSocket()
    const inactive = await noResponse(agent, conversationId)
    expect(inactive.session).toMatchObject({ state: 'inactive', inactiveReason: 'no_response' })
    const { body } = await api(server.url, cookie, `/api/conversations/${conversationId}`)
    expect(body.conversation.session).toMatchObject({ state: 'inactive', inactiveReason: 'no_response' })
    agent.close()
  })

  it('decides the session again when an away visitor reconnects without changing their presence', async () => {
    const timings = { heartbeatInterval: 250, awayAfter: 100, offlineGrace: 60_000, inactivityWindow: 1_500 }
    server = await startServer({ timings })
    const before = await agentSocket()
    const { visitor, welcome, conversationId } = await awayVisitor(before.agent)
    before.agent.close()
    server = await server.restart()
    await visitor.closed

    const { agent } = await agentSocket()
    // The tab comes back, still hidden: presence stays away/tab_hidden, and no presence change is sent.
    const again = await connectVisitor(server.wsUrl, { token: welcome.token, signals: hidden })
    expect((await again.visitor.next('presence')).presence).toMatchObject({ state: 'away', reason: 'tab_hidden' })
    const inactive = await noResponse(agent, conversationId)
    expect(inactive.session.inactiveReason).toBe('no_response')
    expect(agent.frames.filter((frame) => frame.type === 'presence.changed')).toEqual([])
    again.visitor.close()
    agent.close()
  })
})

describe('one read model for conversations', () => {
  it('shows a visitor who writes right after the welcome as online in the pushed frame and over REST alike', async () => {
    server = await startServer({ timings: { heartbeatInterval: 250 } })
    const { agent, cookie } = await agentSocket()
    const { visitor } = await connectVisitor(server.wsUrl, { signals: visible })
    visitor.send({ type: 'message.send', clientId: 'first', text: 'hello straight away' })
    const created = await agent.next('conversation.created')
    expect(created.conversation.presence).toMatchObject({ state: 'online', reason: 'visible' })
    const { body } = await api(server.url, cookie, `/api/conversations/${created.conversation.id as string}`)
    expect(body.conversation.presence).toEqual(created.conversation.presence)
    visitor.close()
    agent.close()
  })
})
