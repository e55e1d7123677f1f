import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectAgent, connectVisitor, type FrameSocket } from './support/frame-socket.js'
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

/** A visitor who wrote `texts` (after identifying with `profile`); their socket stays open. */
async function visitorWho(texts: string[], profile: { name?: string; email?: string } = {}) {
  const { visitor, welcome } = await connectVisitor(server.wsUrl)
  if (Object.keys(profile).length > 0) visitor.send({ type: 'identify', ...profile })
  let conversationId = ''
  for (const [index, text] of texts.entries()) {
    visitor.send({ type: 'message.send', clientId: `c${index}`, text })
    conversationId = (await visitor.next('message.ack')).conversationId
  }
  return { visitor, visitorId: welcome.visitorId as string, conversationId }
}

const post = (cookie: string, path: string, body: unknown = {}) => api(server.url, cookie, path, { method: 'POST', body })
const updated = (agent: FrameSocket, conversationId: string, matches: (conversation: Record<string, any>) => boolean) =>
  agent.nextWhere('conversation.updated', ({ conversation }) => conversation.id === conversationId && matches(conversation))

describe('take, finish and reopen', () => {
  it('takes, refuses to take over without force (naming the owner), takes over with it, finishes, and reopens on a visitor message', async () => {
    const alice = await signInNewAgent(server, { name: 'Alice', role: 'agent' })
    const bob = await signInNewAgent(server, { name: 'Bob', role: 'agent' })
    const feed = await connectAgent(server.wsUrl, admin)
    const { visitor, conversationId } = await visitorWho(['hello?'])
    const take = `/api/conversations/${conversationId}/take`

    const taken = await post(alice.cookie, take)
    expect(taken).toMatchObject({ status: 200, body: { conversation: { id: conversationId, status: 'active', assigneeId: alice.id } } })
    await updated(feed, conversationId, (c) => c.assigneeId === alice.id)

    const refused = await post(bob.cookie, take)
    expect(refused).toMatchObject({ status: 409, body: { code: 'conversation_taken', statusCode: 409 } })
    expect(refused.body.message).toContain('Alice')
    expect(await post(bob.cookie, take, { force: false })).toMatchObject({ status: 409 })
    expect(await post(bob.cookie, take, { force: true })).toMatchObject({ status: 200, body: { conversation: { assigneeId: bob.id } } })
    await updated(feed, conversationId, (c) => c.assigneeId === bob.id)
    expect((await post(alice.cookie, take)).body.message).toContain('Bob')
    // Taking one's own again changes nothing.
    expect(await post(bob.cookie, take)).toMatchObject({ status: 200, body: { conversation: { assigneeId: bob.id, status: 'active' } } })

    const finished = await post(bob.cookie, `/api/conversations/${conversationId}/finish`)
    expect(finished).toMatchObject({ status: 200, body: { conversation: { status: 'finished', assigneeId: bob.id } } })
    expect(Date.parse(finished.body.conversation.finishedAt)).not.toBeNaN()
    await updated(feed, conversationId, (c) => c.status === 'finished')
    await feed.nextWhere(
      'session.changed',
      (frame) =>
        frame.conversationId === conversationId && frame.session.state === 'inactive' && frame.session.inactiveReason === 'finished',
    )
    expect((await api(server.url, admin, `/api/conversations/${conversationId}`)).body.conversation).toMatchObject({
      status: 'finished',
      session: { state: 'inactive', inactiveReason: 'finished' },
    })

    visitor.send({ type: 'message.send', clientId: 'again', text: 'one more thing' })
    const reopened = await updated(feed, conversationId, (c) => c.status === 'unanswered')
    expect(reopened.conversation).toMatchObject({ assigneeId: null, finishedAt: null })
    await feed.nextWhere('session.changed', (frame) => frame.conversationId === conversationId && frame.session.state === 'active')

    // A finished conversation is nobody's to defend: taking it needs no force.
    await post(bob.cookie, take)
    await post(bob.cookie, `/api/conversations/${conversationId}/finish`)
    expect(await post(alice.cookie, take)).toMatchObject({
      status: 200,
      body: { conversation: { status: 'active', assigneeId: alice.id, finishedAt: null } },
    })

    expect(await post(alice.cookie, '/api/conversations/nope/take')).toMatchObject({
      status: 404,
      body: { code: 'conversation_not_found' },
    })
    expect(await post(alice.cookie, '/api/conversations/nope/finish')).toMatchObject({
      status: 404,
      body: { code: 'conversation_not_found' },
    })
    expect(await post(alice.cookie, take, { force: 'yes' })).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    visitor.close()
    feed.close()
  })

  it('lets one of two agents taking at the same moment win, and tells the other who', async () => {
    const alice = await signInNewAgent(server, { name: 'Alice', role: 'agent' })
    const bob = await signInNewAgent(server, { name: 'Bob', role: 'agent' })
    const { visitor, conversationId } = await visitorWho(['anyone?'])
    const take = `/api/conversations/${conversationId}/take`
    const answers = await Promise.all([post(alice.cookie, take), post(bob.cookie, take)])
    expect(answers.map(({ status }) => status).sort()).toEqual([200, 409])
    const winner = answers.find(({ status }) => status === 200)!.body.conversation.assigneeId
    const loser = answers.find(({ status }) => status === 409)!
    expect(loser.body.message).toContain(winner === alice.id ? 'Alice' : 'Bob')
    visitor.close()
  })
})

describe('priority, tags and group', () => {
  it('sets them, normalises tags and group, clears the group with null, and tells the agents', async () => {
    const feed = await connectAgent(server.wsUrl, admin)
    const { visitor, conversationId } = await visitorWho(['hi'])
    const path = `/api/conversations/${conversationId}`
    expect((await api(server.url, admin, path)).body.conversation).toMatchObject({
      priority: 'normal',
      tags: [],
      group: null,
      finishedAt: null,
    })

    const patched = await api(server.url, admin, path, {
      method: 'PATCH',
      body: { priority: 'urgent', tags: [' VIP ', 'vip', 'Billing issue'], group: '  Sales EU ' },
    })
    expect(patched).toMatchObject({
      status: 200,
      body: { conversation: { priority: 'urgent', tags: ['vip', 'billing issue'], group: 'Sales EU', status: 'unanswered' } },
    })
    await updated(feed, conversationId, (c) => c.priority === 'urgent' && c.group === 'Sales EU')
    expect(await api(server.url, admin, path, { method: 'PATCH', body: { group: null } })).toMatchObject({
      status: 200,
      body: { conversation: { priority: 'urgent', tags: ['vip', 'billing issue'], group: null } },
    })
    expect((await api(server.url, admin, path, { method: 'PATCH', body: { tags: [] } })).body.conversation.tags).toEqual([])
    visitor.close()
    feed.close()
  })

  it.each([
    ['no field', {}],
    ['an unknown priority', { priority: 'critical' }],
    ['a tag with a comma', { tags: ['a,b'] }],
    ['a tag of spaces', { tags: ['   '] }],
    ['an empty tag', { tags: [''] }],
    ['a tag over 50 characters', { tags: ['x'.repeat(51)] }],
    ['a tag with a control character', { tags: ['bad\u0007tag'] }],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, index) => `t${index}`) }],
    ['an empty group', { group: '' }],
    ['a group of spaces', { group: '  ' }],
    ['a group over 100 characters', { group: 'g'.repeat(101) }],
    ['a group with a newline', { group: 'a\nb' }],
    ['an unknown field', { status: 'finished' }],
  ])('refuses %s with 400 bad_request', async (_name, body) => {
    const { visitor, conversationId } = await visitorWho(['hi'])
    const path = `/api/conversations/${conversationId}`
    expect(await api(server.url, admin, path, { method: 'PATCH', body })).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    expect((await api(server.url, admin, path)).body.conversation).toMatchObject({ priority: 'normal', tags: [], group: null })
    visitor.close()
  })

  it('answers 404 for an unknown conversation', async () => {
    expect(await api(server.url, admin, '/api/conversations/nope', { method: 'PATCH', body: { priority: 'low' } })).toMatchObject({
      status: 404,
      body: { code: 'conversation_not_found' },
    })
  })
})

describe('the queue filters and unread count', () => {
  const ids = (answer: { body: { conversations: Array<{ id: string }> } }) => answer.body.conversations.map(({ id }) => id).sort()

  it('searches visitor names, emails and message texts in any case, with wildcards taken literally', async () => {
    const ada = await visitorWho(['My invoice is wrong'], { name: 'Ada Lovelace', email: 'ada@example.com' })
    const bob = await visitorWho(['100% broken', 'the_end'], { name: 'Bob', email: 'bob@EXAMPLE.org' })
    const cy = await visitorWho(['nothing to see'])
    const search = (q: string) => api(server.url, admin, `/api/conversations?q=${encodeURIComponent(q)}`)
    expect(ids(await search('LOVELACE'))).toEqual([ada.conversationId])
    expect(ids(await search('example.org'))).toEqual([bob.conversationId])
    expect(ids(await search('example'))).toEqual([ada.conversationId, bob.conversationId].sort())
    expect(ids(await search('INVOICE'))).toEqual([ada.conversationId])
    expect(ids(await search('0%'))).toEqual([bob.conversationId])
    expect(ids(await search('e_e'))).toEqual([bob.conversationId])
    expect(ids(await search('%%'))).toEqual([])
    expect(ids(await search('to see'))).toEqual([cy.conversationId])
    expect(ids(await search('zz'))).toEqual([])
    expect(await search('x')).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    expect(await search('x'.repeat(201))).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    // Bounded like the rest of the list, and combined with the other filters.
    expect((await api(server.url, admin, '/api/conversations?q=example&limit=1')).body.conversations).toHaveLength(1)
    expect(ids(await api(server.url, admin, '/api/conversations?q=example&status=active'))).toEqual([])
    for (const { visitor } of [ada, bob, cy]) visitor.close()
  })

  it('limits each agent to 60 searches a minute (429 rate_limited), and never the plain list', async () => {
    for (let index = 0; index < 60; index++) expect((await api(server.url, admin, `/api/conversations?q=search${index}`)).status).toBe(200)
    expect(await api(server.url, admin, '/api/conversations?q=one+too+many')).toMatchObject({ status: 429, body: { code: 'rate_limited' } })
    expect((await api(server.url, admin, '/api/conversations')).status).toBe(200)
  })

  it('filters by assignee: me, none, or an agent id', async () => {
    const alice = await signInNewAgent(server, { name: 'Alice', role: 'agent' })
    const mine = await visitorWho(['one'])
    const hers = await visitorWho(['two'])
    const nobodys = await visitorWho(['three'])
    await post(admin, `/api/conversations/${mine.conversationId}/take`)
    await post(alice.cookie, `/api/conversations/${hers.conversationId}/take`)
    const list = (cookie: string, assignee: string) => api(server.url, cookie, `/api/conversations?assignee=${assignee}`)
    expect(ids(await list(admin, 'me'))).toEqual([mine.conversationId])
    expect(ids(await list(alice.cookie, 'me'))).toEqual([hers.conversationId])
    expect(ids(await list(admin, 'none'))).toEqual([nobodys.conversationId])
    expect(ids(await list(admin, alice.id))).toEqual([hers.conversationId])
    expect(ids(await list(admin, 'someone-else'))).toEqual([])
    expect(await list(admin, '')).toMatchObject({ status: 400 })
    for (const { visitor } of [mine, hers, nobodys]) visitor.close()
  })

  it("counts the visitor messages above every agent's watermark as unread", async () => {
    const alice = await signInNewAgent(server, { name: 'Alice', role: 'agent' })
    const { visitor, conversationId } = await visitorWho(['a', 'b', 'c'])
    const unread = async () => (await api(server.url, admin, `/api/conversations/${conversationId}`)).body.conversation.unread
    const listed = async () => (await api(server.url, admin, '/api/conversations')).body.conversations[0].unread
    expect([await unread(), await listed()]).toEqual([3, 3])
    await post(admin, `/api/conversations/${conversationId}/read`, { seq: 2 })
    expect(await unread()).toBe(1)
    // The agent's own reply is not unread, and a watermark lower than another agent's counts for nothing.
    await post(alice.cookie, `/api/conversations/${conversationId}/messages`, { text: 'on it' })
    await post(alice.cookie, `/api/conversations/${conversationId}/read`, { seq: 1 })
    expect(await unread()).toBe(1)
    await post(alice.cookie, `/api/conversations/${conversationId}/read`, { seq: 4 })
    expect([await unread(), await listed()]).toEqual([0, 0])
    visitor.send({ type: 'message.send', clientId: 'd', text: 'd' })
    await visitor.next('message.ack')
    expect(await unread()).toBe(1)
    visitor.close()
  })
})

describe('private notes', () => {
  it('are shown to agents, live on /ws/agent, and never reach the visitor', async () => {
    const alice = await signInNewAgent(server, { name: 'Alice', role: 'agent' })
    const feed = await connectAgent(server.wsUrl, admin)
    const { visitor, conversationId } = await visitorWho(['hello'])
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
    const { visitor, conversationId } = await visitorWho(['hello'])
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

  it('are limited to 60 a minute for each agent (429 rate_limited), not for the whole team', async () => {
    const { visitor, conversationId } = await visitorWho(['hello'])
    const notes = `/api/conversations/${conversationId}/notes`
    for (let index = 0; index < 60; index++) expect((await post(admin, notes, { text: `note ${index}` })).status).toBe(201)
    expect(await post(admin, notes, { text: 'one too many' })).toMatchObject({ status: 429, body: { code: 'rate_limited' } })
    const alice = await signInNewAgent(server, { name: 'Alice', role: 'agent' })
    expect((await post(alice.cookie, notes, { text: 'mine' })).status).toBe(201)
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
    const { visitor, conversationId } = await visitorWho(['hello'])
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
