import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectAgent, connectVisitor, type FrameSocket } from './support/frame-socket.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

let server: TestServer
let cookie: string
beforeEach(async () => {
  server = await startServer()
  cookie = await login(server.url)
})
afterEach(async () => {
  await server.close()
})

/** A visitor who wrote once and got `replies` agent replies; the conversation's last seq is 1 + replies. */
async function conversation(replies: number): Promise<{ visitor: FrameSocket; token: string; conversationId: string }> {
  const { visitor, welcome } = await connectVisitor(server.wsUrl)
  visitor.send({ type: 'message.send', clientId: 'first', text: 'hello' })
  const { conversationId } = await visitor.next('message.ack')
  for (let i = 0; i < replies; i++) {
    await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: `reply ${i}` } })
    await visitor.next('message')
  }
  return { visitor, token: welcome.token, conversationId }
}

const watermarks = async (conversationId: string) =>
  (await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation.readWatermarks

describe('read receipts', () => {
  it("moves the visitor's watermark only forward, pushes each move to agents and the visitor's tabs, and shows it in the conversation JSON", async () => {
    const { visitor, token, conversationId } = await conversation(3)
    const agent = await connectAgent(server.wsUrl, cookie)
    const otherTab = (await connectVisitor(server.wsUrl, { token })).visitor
    expect(await watermarks(conversationId)).toEqual({ visitor: 0, agents: {} })

    visitor.send({ type: 'read', seq: 3 })
    expect(await agent.next('receipt.read')).toEqual({ type: 'receipt.read', conversationId, reader: { type: 'visitor' }, seq: 3 })
    expect(await otherTab.next('read')).toEqual({ type: 'read', seq: 3 })
    expect(await watermarks(conversationId)).toEqual({ visitor: 3, agents: {} })

    // Backwards and equal change nothing and tell no one.
    visitor.send({ type: 'read', seq: 2 })
    visitor.send({ type: 'read', seq: 3 })
    visitor.send({ type: 'read', seq: 4 })
    expect((await agent.next('receipt.read')).seq).toBe(4)
    await agent.barrier()
    expect(agent.received('receipt.read')).toEqual([])
    expect(await watermarks(conversationId)).toEqual({ visitor: 4, agents: {} })
    const summary = (await api(server.url, cookie, '/api/conversations')).body.conversations[0]
    expect(summary.readWatermarks).toEqual({ visitor: 4, agents: {} })
    visitor.close()
    otherTab.close()
  })

  it('clamps a watermark beyond the newest message to it, so a later message stays unread', async () => {
    const { visitor, conversationId } = await conversation(1)
    const agent = await connectAgent(server.wsUrl, cookie)
    visitor.send({ type: 'read', seq: 1_000_000 })
    expect((await agent.next('receipt.read')).seq).toBe(2)
    await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'later' } })
    expect(await watermarks(conversationId)).toEqual({ visitor: 2, agents: {} })
    // The same huge number again reaches the new message, and no further.
    visitor.send({ type: 'read', seq: 1_000_000 })
    expect((await agent.next('receipt.read')).seq).toBe(3)
    visitor.close()
  })

  it('refuses a read frame that is not a positive safe integer, and ignores one before the first message', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    for (const seq of [0, -1, 1.5, '3', Number.MAX_SAFE_INTEGER + 2]) {
      visitor.send({ type: 'read', seq })
      expect((await visitor.next('error')).code, String(seq)).toBe('invalid_frame')
    }
    const agent = await connectAgent(server.wsUrl, cookie)
    visitor.send({ type: 'read', seq: 1 })
    visitor.send({ type: 'message.send', clientId: 'after', text: 'now' })
    await visitor.next('message.ack')
    await agent.barrier()
    expect(agent.received('receipt.read')).toEqual([])
    expect(visitor.received('error')).toEqual([])
    visitor.close()
  })

  it('counts read frames against the socket frame budget', async () => {
    await server.close()
    server = await startServer({ rateLimits: { signalsPerSecond: 1, signalBurst: 2 } })
    const { visitor } = await connectVisitor(server.wsUrl)
    for (let i = 0; i < 3; i++) visitor.send({ type: 'read', seq: 1 })
    expect((await visitor.next('error')).code).toBe('rate_limited')
    visitor.close()
  })

  it('tells a reconnecting visitor their watermark in the welcome, and whether an email is known', async () => {
    const { visitor, token } = await conversation(2)
    visitor.send({ type: 'read', seq: 2 })
    const agent = await connectAgent(server.wsUrl, cookie)
    visitor.send({ type: 'read', seq: 3 })
    await agent.next('receipt.read')
    visitor.close()
    const again = await connectVisitor(server.wsUrl, { token })
    expect(again.welcome).toMatchObject({ readSeq: 3, emailKnown: false })
    again.visitor.send({ type: 'identify', email: 'ada@example.com' })
    // Frames take effect in order: once this is acknowledged, the identify is stored.
    again.visitor.send({ type: 'message.send', clientId: 'after-identify', text: 'ok' })
    await again.visitor.next('message.ack')
    again.visitor.close()
    const third = await connectVisitor(server.wsUrl, { token })
    expect(third.welcome).toMatchObject({ readSeq: 3, emailKnown: true })
    third.visitor.close()
    const fresh = await connectVisitor(server.wsUrl)
    expect(fresh.welcome).toMatchObject({ readSeq: 0, emailKnown: false })
    fresh.visitor.close()
  })

  it("takes an agent's watermark over REST, per agent, forward only, and tells the agents' sockets", async () => {
    const { visitor, conversationId } = await conversation(2)
    const agent = await connectAgent(server.wsUrl, cookie)
    const me = (await api(server.url, cookie, '/api/auth/me')).body.agent.id as string
    const read = (seq: unknown, id = conversationId) =>
      api(server.url, cookie, `/api/conversations/${id}/read`, { method: 'POST', body: { seq } })

    expect((await read(2)).status).toBe(204)
    expect(await agent.next('receipt.read')).toEqual({
      type: 'receipt.read',
      conversationId,
      reader: { type: 'agent', agentId: me },
      seq: 2,
    })
    expect((await read(1)).status).toBe(204)
    expect((await read(99)).status).toBe(204)
    expect((await agent.next('receipt.read')).seq).toBe(3)
    await agent.barrier()
    expect(agent.received('receipt.read')).toEqual([])
    expect(await watermarks(conversationId)).toEqual({ visitor: 0, agents: { [me]: 3 } })
    // The visitor is not told how far agents have read.
    await visitor.barrier()
    expect(visitor.received('read')).toEqual([])

    expect((await read(0)).body).toMatchObject({ code: 'bad_request', statusCode: 400 })
    expect((await read(1, 'no-such-conversation')).body).toMatchObject({ code: 'conversation_not_found', statusCode: 404 })
    const stranger = await api(server.url, 'porchlight_session=forged', `/api/conversations/${conversationId}/read`, {
      method: 'POST',
      body: { seq: 1 },
    })
    expect(stranger.status).toBe(401)
    visitor.close()
  })
})

describe("an agent's read over their socket", () => {
  it('moves their watermark like the REST route, refuses an unknown conversation, and has a frame budget', async () => {
    await server.close()
    server = await startServer({ rateLimits: { signalsPerSecond: 1, signalBurst: 3 } })
    cookie = await login(server.url)
    const { visitor, conversationId } = await conversation(1)
    const agent = await connectAgent(server.wsUrl, cookie)
    const me = (await api(server.url, cookie, '/api/auth/me')).body.agent.id as string

    agent.send({ type: 'read', conversationId, seq: 2 })
    expect(await agent.next('receipt.read')).toEqual({
      type: 'receipt.read',
      conversationId,
      reader: { type: 'agent', agentId: me },
      seq: 2,
    })
    expect(await watermarks(conversationId)).toEqual({ visitor: 0, agents: { [me]: 2 } })

    agent.send({ type: 'read', conversationId: 'no-such-conversation', seq: 1 })
    expect(await agent.next('error')).toMatchObject({ code: 'conversation_not_found' })
    agent.send({ type: 'read', conversationId, seq: 0 })
    expect((await agent.next('error')).code).toBe('invalid_frame')
    for (let i = 0; i < 5; i++) agent.send({ type: 'read', conversationId, seq: 2 })
    expect((await agent.next('error')).code).toBe('rate_limited')
    visitor.close()
  })
})

describe('the email a visitor gives', () => {
  it('refuses an address replies cannot go to with invalid_email, stores nothing of that identify, and keeps a good one', async () => {
    const { visitor, conversationId } = await conversation(0)
    for (const email of ['not an email', 'ada@example', 'ada@@example.com', '<script>@example.com', '']) {
      visitor.send({ type: 'identify', email, name: 'Mallory' })
      expect(await visitor.next('error'), email).toEqual({
        type: 'error',
        code: 'invalid_email',
        message: 'This is not an email address replies can be sent to; write it like name@example.com.',
      })
    }
    expect((await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation.visitor).toMatchObject({
      name: null,
      email: null,
    })
    visitor.send({ type: 'identify', email: 'ada.lovelace+chat@example.co.uk' })
    visitor.send({ type: 'message.send', clientId: 'after-identify', text: 'ok' })
    await visitor.next('message.ack')
    expect(visitor.received('error')).toEqual([])
    expect((await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation.visitor.email).toBe(
      'ada.lovelace+chat@example.co.uk',
    )
    visitor.close()
  })
})
