import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectAgent, connectVisitor } from './support/frame-socket.js'
import { signInNewAgent } from './support/new-agent.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

let server: TestServer
let admin: string
beforeEach(async () => {
  server = await startServer()
  admin = await login(server.url)
})
afterEach(async () => {
  await server.close()
})

describe('private notes', () => {
  it('are shown to agents, live on /ws/agent, and never reach the visitor', async () => {
    const alice = await signInNewAgent(server, { name: 'Alice', role: 'agent' })
    const feed = await connectAgent(server.wsUrl, admin)
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'hello' })
    const { conversationId } = await visitor.next('message.ack')
    const notes = `/api/conversations/${conversationId}/notes`
    expect(await api(server.url, alice.cookie, notes)).toMatchObject({ status: 200, body: { notes: [] } })

    const created = await api(server.url, alice.cookie, notes, { method: 'POST', body: { text: 'VIP: refund at once' } })
    expect(created).toMatchObject({
      status: 201,
      body: { note: { conversationId, agentId: alice.id, agentName: 'Alice', text: 'VIP: refund at once' } },
    })
    expect(await feed.next('note.created')).toEqual({ type: 'note.created', note: created.body.note })
    await api(server.url, admin, notes, { method: 'POST', body: { text: 'second' } })
    expect((await api(server.url, alice.cookie, notes)).body.notes.map(({ text }: { text: string }) => text)).toEqual([
      'VIP: refund at once',
      'second',
    ])

    // The visitor's socket got the agent feed's notes by now if it ever would: an agent message sent
    // after them arrives there, and nothing of the notes came before it.
    await api(server.url, admin, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'after the notes' } })
    await visitor.nextWhere('message', (frame) => frame.message.text === 'after the notes')
    await visitor.barrier()
    expect(JSON.stringify(visitor.frames)).not.toMatch(/note|refund|second/)
    visitor.close()
    feed.close()
  })

  it('refuses an empty or too long note, and a note on an unknown conversation', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'hello' })
    const { conversationId } = await visitor.next('message.ack')
    const notes = `/api/conversations/${conversationId}/notes`
    for (const body of [{}, { text: '' }, { text: 'x'.repeat(4001) }, { text: 'x', extra: 1 }]) {
      expect(await api(server.url, admin, notes, { method: 'POST', body }), JSON.stringify(body)).toMatchObject({ status: 400 })
    }
    const unknown = '/api/conversations/nope/notes'
    expect(await api(server.url, admin, unknown, { method: 'POST', body: { text: 'x' } })).toMatchObject({
      status: 404,
      body: { code: 'conversation_not_found' },
    })
    expect(await api(server.url, admin, unknown)).toMatchObject({ status: 404, body: { code: 'conversation_not_found' } })
    visitor.close()
  })
})

describe('canned responses', () => {
  const path = '/api/canned-responses'

  it('are managed by admins and read by every agent', async () => {
    const agent = await signInNewAgent(server, { name: 'Agent', role: 'agent' })
    const created = await api(server.url, admin, path, { method: 'POST', body: { shortcut: 'refund', title: 'Refund', text: 'Refunded!' } })
    expect(created).toMatchObject({ status: 201, body: { cannedResponse: { shortcut: 'refund', title: 'Refund', text: 'Refunded!' } } })
    const { id } = created.body.cannedResponse
    await api(server.url, admin, path, { method: 'POST', body: { shortcut: 'hello', title: 'Hello', text: 'Hi there' } })
    expect((await api(server.url, agent.cookie, path)).body.cannedResponses.map(({ shortcut }: { shortcut: string }) => shortcut)).toEqual([
      'hello',
      'refund',
    ])

    expect(await api(server.url, admin, path, { method: 'POST', body: { shortcut: 'refund', title: 'Again', text: 'x' } })).toMatchObject({
      status: 409,
      body: { code: 'canned_response_exists' },
    })
    expect(await api(server.url, admin, `${path}/${id}`, { method: 'PATCH', body: { shortcut: 'hello' } })).toMatchObject({
      status: 409,
      body: { code: 'canned_response_exists' },
    })
    const patched = await api(server.url, admin, `${path}/${id}`, { method: 'PATCH', body: { shortcut: 'refund-now', text: 'Done.' } })
    expect(patched).toMatchObject({ status: 200, body: { cannedResponse: { id, shortcut: 'refund-now', title: 'Refund', text: 'Done.' } } })
    // Its own shortcut is no conflict.
    expect(await api(server.url, admin, `${path}/${id}`, { method: 'PATCH', body: { shortcut: 'refund-now' } })).toMatchObject({
      status: 200,
    })

    for (const [method, url, body] of [
      ['POST', path, { shortcut: 'mine', title: 'Mine', text: 'x' }],
      ['PATCH', `${path}/${id}`, { title: 'Mine' }],
      ['DELETE', `${path}/${id}`, undefined],
    ] as const) {
      expect(await api(server.url, agent.cookie, url, { method, body }), `${method} ${url}`).toMatchObject({
        status: 403,
        body: { code: 'admin_required' },
      })
    }
    expect(await api(server.url, admin, `${path}/${id}`, { method: 'DELETE' })).toMatchObject({ status: 204 })
    for (const [method, body] of [
      ['PATCH', { title: 'x' }],
      ['DELETE', undefined],
    ] as const) {
      expect(await api(server.url, admin, `${path}/${id}`, { method, body })).toMatchObject({
        status: 404,
        body: { code: 'canned_response_not_found' },
      })
    }
    expect((await api(server.url, agent.cookie, path)).body.cannedResponses).toHaveLength(1)
  })

  it.each([
    ['an upper-case shortcut', { shortcut: 'Refund', title: 't', text: 'x' }],
    ['a shortcut with a space', { shortcut: 'a b', title: 't', text: 'x' }],
    ['a shortcut starting with -', { shortcut: '-a', title: 't', text: 'x' }],
    ['a shortcut over 32 characters', { shortcut: 'a'.repeat(33), title: 't', text: 'x' }],
    ['an empty title', { shortcut: 'a', title: '', text: 'x' }],
    ['a title with a newline', { shortcut: 'a', title: 'a\nb', text: 'x' }],
    ['an empty text', { shortcut: 'a', title: 't', text: '' }],
    ['a missing text', { shortcut: 'a', title: 't' }],
  ])('refuses %s with 400', async (_name, body) => {
    expect(await api(server.url, admin, path, { method: 'POST', body })).toMatchObject({ status: 400, body: { code: 'bad_request' } })
  })
})

describe('authorization of the workflow routes', () => {
  it('refuses every one without a session (401) and every write from another origin (403)', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'hello' })
    const { conversationId } = await visitor.next('message.ack')
    const conversation = `/api/conversations/${conversationId}`
    const routes = [
      ['GET', `/api/conversations?q=hello&assignee=me`, undefined],
      ['POST', `${conversation}/take`, { force: true }],
      ['POST', `${conversation}/finish`, {}],
      ['PATCH', conversation, { priority: 'high' }],
      ['GET', `${conversation}/notes`, undefined],
      ['POST', `${conversation}/notes`, { text: 'x' }],
      ['GET', '/api/canned-responses', undefined],
      ['POST', '/api/canned-responses', { shortcut: 'a', title: 't', text: 'x' }],
      ['PATCH', '/api/canned-responses/some-id', { title: 't' }],
      ['DELETE', '/api/canned-responses/some-id', undefined],
      ['GET', '/api/analytics?hours=24', undefined],
    ] as const
    for (const [method, path, body] of routes) {
      expect(await api(server.url, 'porchlight_session=forged', path, { method, body }), `${method} ${path}`).toMatchObject({
        status: 401,
        body: { code: 'unauthorized' },
      })
      if (method === 'GET') continue
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: admin, origin: 'https://evil.example', ...(body && { 'content-type': 'application/json' }) },
        ...(body && { body: JSON.stringify(body) }),
      })
      expect(response.status, `${method} ${path}`).toBe(403)
      expect(await response.json()).toMatchObject({ code: 'forbidden_origin' })
    }
    // Nothing of the refused writes happened.
    expect((await api(server.url, admin, conversation)).body.conversation).toMatchObject({ status: 'unanswered', priority: 'normal' })
    expect((await api(server.url, admin, `${conversation}/notes`)).body.notes).toEqual([])
    expect((await api(server.url, admin, '/api/canned-responses')).body.cannedResponses).toEqual([])
    visitor.close()
  })
})
