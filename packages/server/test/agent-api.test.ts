import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectVisitor, FrameSocket, connectAgent } from './support/frame-socket.js'
import { admin, api, login, startServer, type TestServer } from './support/start-server.js'

let server: TestServer
beforeEach(async () => {
  server = await startServer({ rateLimits: { loginAttemptsPerMinute: 3 } })
})
afterEach(async () => {
  await server.close()
})

async function conversationWithOneMessage(): Promise<string> {
  const { visitor } = await connectVisitor(server.wsUrl)
  visitor.send({ type: 'message.send', clientId: 'c1', text: 'hi' })
  const { conversationId } = await visitor.next('message.ack')
  visitor.close()
  return conversationId
}

describe('agent sessions', () => {
  it('refuses every agent route without a session with 401 unauthorized', async () => {
    const id = await conversationWithOneMessage()
    for (const [method, path, body] of [
      ['GET', '/api/conversations', undefined],
      ['GET', `/api/conversations/${id}`, undefined],
      ['POST', `/api/conversations/${id}/messages`, { text: 'sneaky' }],
      ['GET', '/api/auth/me', undefined],
    ] as const) {
      const response = await api(server.url, 'porchlight_session=forged', path, { method, body })
      expect(response.status, `${method} ${path}`).toBe(401)
      expect(response.body).toMatchObject({ code: 'unauthorized', statusCode: 401 })
    }
  })

  it('refuses a wrong password or an unknown email with the same error', async () => {
    for (const credentials of [
      { email: admin.email, password: 'wrong password' },
      { email: 'nobody@example.com', password: admin.password },
    ]) {
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credentials),
      })
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ code: 'invalid_credentials' })
      expect(response.headers.getSetCookie()).toEqual([])
    }
  })

  it('sets an httpOnly SameSite=Strict cookie, ignores the case of the email, and ends the session on logout', async () => {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email.toUpperCase(), password: admin.password }),
    })
    expect(response.status).toBe(200)
    const header = response.headers.getSetCookie()[0]!
    expect(header).toMatch(/HttpOnly/i)
    expect(header).toMatch(/SameSite=Strict/i)
    const cookie = header.split(';')[0]!
    expect((await api(server.url, cookie, '/api/auth/me')).body.agent).toMatchObject({ email: admin.email, role: 'admin' })
    expect((await api(server.url, cookie, '/api/auth/logout', { method: 'POST' })).status).toBe(204)
    expect((await api(server.url, cookie, '/api/auth/me')).status).toBe(401)
  })

  it('rate-limits sign-in attempts', async () => {
    const attempt = () =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: admin.email, password: 'guess' }),
      })
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401)
    const limited = await attempt()
    expect(limited.status).toBe(429)
    expect(await limited.json()).toMatchObject({ code: 'rate_limited', statusCode: 429 })
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('admits only signed-in agents to the agent socket', async () => {
    const stranger = new FrameSocket(`${server.wsUrl}/ws/agent`)
    await expect(stranger.opened()).rejects.toThrow('HTTP 401')
    const agent = await connectAgent(server.wsUrl, await login(server.url))
    agent.send({ type: 'anything' })
    expect((await agent.next('error')).code).toBe('unknown_frame_type')
    agent.close()
  })
})

describe('conversation API', () => {
  it('answers bad input with coded errors', async () => {
    const id = await conversationWithOneMessage()
    const cookie = await login(server.url)
    const empty = await api(server.url, cookie, `/api/conversations/${id}/messages`, { method: 'POST', body: { text: '' } })
    expect(empty).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    const extra = await api(server.url, cookie, `/api/conversations/${id}/messages`, { method: 'POST', body: { text: 'a', x: 1 } })
    expect(extra.status).toBe(400)
    const missing = await api(server.url, cookie, '/api/conversations/no-such-id')
    expect(missing).toMatchObject({ status: 404, body: { code: 'conversation_not_found' } })
    const missingPost = await api(server.url, cookie, '/api/conversations/no-such-id/messages', { method: 'POST', body: { text: 'a' } })
    expect(missingPost).toMatchObject({ status: 404, body: { code: 'conversation_not_found' } })
    const badStatus = await api(server.url, cookie, '/api/conversations?status=bogus')
    expect(badStatus).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    const plain = await fetch(`${server.url}/api/conversations/${id}/messages`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain' },
      body: 'hello',
    })
    expect(plain.status).toBe(415)
    expect(await plain.json()).toMatchObject({ code: 'unsupported_media_type' })
    const huge = await fetch(`${server.url}/api/conversations/${id}/messages`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(200_000) }),
    })
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ code: 'payload_too_large' })
    const unknown = await api(server.url, cookie, '/api/nothing-here')
    expect(unknown).toMatchObject({ status: 404, body: { code: 'not_found' } })
  })

  it('stores a repeated agent client id once', async () => {
    const id = await conversationWithOneMessage()
    const cookie = await login(server.url)
    const body = { text: 'once', clientId: 'agent-1' }
    const first = await api(server.url, cookie, `/api/conversations/${id}/messages`, { method: 'POST', body })
    const second = await api(server.url, cookie, `/api/conversations/${id}/messages`, { method: 'POST', body })
    expect([first.status, second.status]).toEqual([201, 200])
    expect(second.body.message).toEqual(first.body.message)
    expect((await api(server.url, cookie, `/api/conversations/${id}`)).body.conversation.lastSeq).toBe(2)
  })

  it('filters by status, and a visitor writing into a finished conversation is not lost', async () => {
    const id = await conversationWithOneMessage()
    const cookie = await login(server.url)
    expect((await api(server.url, cookie, '/api/conversations?status=unanswered')).body.conversations).toHaveLength(1)
    expect((await api(server.url, cookie, '/api/conversations?status=active')).body.conversations).toHaveLength(0)
    await api(server.url, cookie, `/api/conversations/${id}/messages`, { method: 'POST', body: { text: 'taking it' } })
    const active = (await api(server.url, cookie, '/api/conversations?status=active')).body.conversations
    expect(active).toHaveLength(1)
    expect(active[0].assigneeId).toEqual((await api(server.url, cookie, '/api/auth/me')).body.agent.id)
  })

  it('keeps the name and email a visitor identifies with, and verifies a userHash when the site has a secret', async () => {
    await server.app.close()
    server = await server.restart()
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'identify', name: 'Ada', email: 'ada@example.com' })
    visitor.send({ type: 'message.send', clientId: 'i1', text: 'hello' })
    const { conversationId } = await visitor.next('message.ack')
    const cookie = await login(server.url)
    const detail = await api(server.url, cookie, `/api/conversations/${conversationId}`)
    expect(detail.body.conversation.visitor).toMatchObject({ name: 'Ada', email: 'ada@example.com' })
    expect(detail.body.conversation.messages[0].authorName).toBe('Ada')
    visitor.close()

    // With an identity secret, a userId needs its HMAC.
    const { secret } = (await api(server.url, cookie, '/api/sites/default/identity-secret', { method: 'POST' })).body
    const verified = await connectVisitor(server.wsUrl)
    verified.visitor.send({ type: 'identify', userId: 'user-42', userHash: 'ab'.repeat(32) })
    expect((await verified.visitor.next('error')).code).toBe('identity_invalid')
    const userHash = createHmac('sha256', secret).update('user-42').digest('hex')
    verified.visitor.send({ type: 'identify', userId: 'user-42', userHash })
    verified.visitor.send({ type: 'message.send', clientId: 'v1', text: 'verified' })
    const ack = await verified.visitor.next('message.ack')
    // Frames take effect in order: an error for the identify would have come before the ack.
    expect(verified.visitor.received('error')).toEqual([])
    const verifiedDetail = await api(server.url, await login(server.url), `/api/conversations/${ack.conversationId}`)
    expect(verifiedDetail.body.conversation.visitor.userId).toBe('user-42')
    verified.visitor.close()
  })
})
