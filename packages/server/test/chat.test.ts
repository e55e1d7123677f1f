import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { api, login, startServer, type TestServer } from './support/start-server.js'
import { connectAgent, connectVisitor } from './support/frame-socket.js'

let server: TestServer
beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  await server.close()
})

describe('a chat from the visitor socket to the agent API and back', () => {
  it('delivers a visitor message to the agent and the agent reply to the visitor', async () => {
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    expect(welcome).toMatchObject({ conversationId: null, lastSeq: 0 })
    expect(welcome.token).toMatch(/^[A-Za-z0-9_-]{40,}$/)

    visitor.send({ type: 'message.send', clientId: 'c1', text: 'Hello, is anyone there?' })
    const ack = await visitor.next('message.ack')
    expect(ack).toMatchObject({ clientId: 'c1', seq: 1 })

    const cookie = await login(server.url)
    const list = await api(server.url, cookie, '/api/conversations')
    expect(list.status).toBe(200)
    expect(list.body.conversations).toHaveLength(1)
    const [conversation] = list.body.conversations
    expect(conversation).toMatchObject({
      id: ack.conversationId,
      status: 'unanswered',
      lastSeq: 1,
      lastMessage: { author: 'visitor', text: 'Hello, is anyone there?' },
      visitor: { id: welcome.visitorId },
    })

    const reply = await api(server.url, cookie, `/api/conversations/${conversation.id}/messages`, {
      method: 'POST',
      body: { text: 'Yes! How can I help?' },
    })
    expect(reply.status).toBe(201)
    expect(reply.body.message).toMatchObject({ seq: 2, author: 'agent', authorName: 'Admin' })

    const delivered = await visitor.next('message')
    expect(delivered.message).toMatchObject({ seq: 2, author: 'agent', text: 'Yes! How can I help?' })

    const detail = await api(server.url, cookie, `/api/conversations/${conversation.id}`)
    expect(detail.body.conversation.status).toBe('active')
    expect(detail.body.conversation.messages.map((m: { text: string }) => m.text)).toEqual([
      'Hello, is anyone there?',
      'Yes! How can I help?',
    ])
    visitor.close()
  })

  it('pushes new conversations and messages to agent sockets live', async () => {
    const cookie = await login(server.url)
    const agent = await connectAgent(server.wsUrl, cookie)
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'a', text: 'first' })
    const created = await agent.next('conversation.created')
    expect(created.conversation).toMatchObject({ status: 'unanswered', lastSeq: 1 })
    const message = await agent.next('message.created')
    expect(message.message).toMatchObject({ text: 'first', author: 'visitor', conversationId: created.conversation.id })
    visitor.send({ type: 'message.send', clientId: 'b', text: 'second' })
    expect((await agent.next('message.created')).message).toMatchObject({ text: 'second', seq: 2 })
    // A conversation.created for the second message would have come before its message.created.
    expect(agent.received('conversation.created')).toEqual([])
    agent.close()
    visitor.close()
  })

  it("delivers a visitor's message to their other tabs but does not echo it to the sender", async () => {
    const first = await connectVisitor(server.wsUrl)
    const second = await connectVisitor(server.wsUrl, { token: first.welcome.token })
    expect(second.welcome.visitorId).toBe(first.welcome.visitorId)
    first.visitor.send({ type: 'message.send', clientId: 'x', text: 'from tab one' })
    await first.visitor.next('message.ack')
    expect((await second.visitor.next('message')).message.text).toBe('from tab one')
    // An echo would have been sent with the delivery to the second tab, before this round trip.
    await first.visitor.barrier()
    expect(first.visitor.received('message')).toEqual([])
    first.visitor.close()
    second.visitor.close()
  })
})

describe('reliable delivery', () => {
  it('replays exactly the messages a reconnecting visitor missed', async () => {
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'm1', text: 'one' })
    const { conversationId } = await visitor.next('message.ack')
    visitor.close()
    await visitor.closed

    const cookie = await login(server.url)
    for (const text of ['two', 'three', 'four']) {
      await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text } })
    }

    const again = await connectVisitor(server.wsUrl, { token: welcome.token, lastSeq: 2 })
    expect(again.welcome).toMatchObject({ visitorId: welcome.visitorId, conversationId, lastSeq: 4 })
    const replayed = [await again.visitor.next('message'), await again.visitor.next('message')]
    expect(replayed.map((frame) => [frame.message.seq, frame.message.text])).toEqual([
      [3, 'three'],
      [4, 'four'],
    ])
    // A resend of a stored message is answered after the whole replay: frames take effect in order.
    again.visitor.send({ type: 'message.send', clientId: 'm1', text: 'one' })
    expect(await again.visitor.next('message.ack')).toMatchObject({ clientId: 'm1', seq: 1 })
    expect(again.visitor.received('message')).toEqual([])
    again.visitor.close()
  })

  it('stores a repeated client id once and acknowledges it again with the same id and number', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'same', text: 'only once' })
    const first = await visitor.next('message.ack')
    visitor.send({ type: 'message.send', clientId: 'same', text: 'only once' })
    const second = await visitor.next('message.ack')
    expect(second).toEqual(first)

    const cookie = await login(server.url)
    const detail = await api(server.url, cookie, `/api/conversations/${first.conversationId}`)
    expect(detail.body.conversation.messages).toHaveLength(1)
    expect(detail.body.conversation.lastSeq).toBe(1)
    visitor.close()
  })

  it('numbers concurrent messages from many sockets without gaps or repeats', async () => {
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    const tabs = [
      visitor,
      ...(await Promise.all([1, 2, 3].map(() => connectVisitor(server.wsUrl, { token: welcome.token })))).map((t) => t.visitor),
    ]
    tabs.forEach((tab, t) => {
      for (let i = 0; i < 5; i++) tab.send({ type: 'message.send', clientId: `t${t}-${i}`, text: `tab ${t} message ${i}` })
    })
    const acks = (await Promise.all(tabs.map((tab) => Promise.all([0, 1, 2, 3, 4].map(() => tab.next('message.ack')))))).flat()
    expect(acks.map((ack) => ack.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    for (const tab of tabs) tab.close()
  })

  it('keeps visitors, conversations and messages across a server restart', async () => {
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'r1', text: 'before the restart' })
    const ack = await visitor.next('message.ack')
    visitor.close()

    server = await server.restart()
    const again = await connectVisitor(server.wsUrl, { token: welcome.token })
    expect(again.welcome).toMatchObject({ visitorId: welcome.visitorId, conversationId: ack.conversationId, lastSeq: 1 })
    expect((await again.visitor.next('message')).message.text).toBe('before the restart')
    const cookie = await login(server.url)
    const detail = await api(server.url, cookie, `/api/conversations/${ack.conversationId}`)
    expect(detail.body.conversation.messages).toHaveLength(1)
    again.visitor.close()
  })

  it('gives an unknown token a new visitor instead of failing', async () => {
    const { visitor, welcome } = await connectVisitor(server.wsUrl, { token: 'not-a-token-we-issued' })
    expect(welcome.token).not.toBe('not-a-token-we-issued')
    expect(welcome.conversationId).toBeNull()
    visitor.close()
  })
})
