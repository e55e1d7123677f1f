import { errors } from '@porchlight/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { connectAgent, connectVisitor, type FrameSocket } from './support/frame-socket.js'
import { admin, api, login, startServer, type TestServer } from './support/start-server.js'

const minute = 60_000
/** Long timers: whatever happens within a test comes from what it does (a heartbeat cannot close a socket). */
const timings = { heartbeatInterval: minute, offlineGrace: minute, agentIdleAfter: 15 * minute }
const sessionEnded = { code: errors.session_ended.close, reason: 'session_ended' }
const bob = { email: 'bob@example.com', name: 'Bob', role: 'agent', password: 'bob’s long password' } as const
const bobLogin = { email: bob.email, password: bob.password }

let server: TestServer
const sockets: FrameSocket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close()
  await server?.close()
})

async function agentSocket(cookie: string): Promise<FrameSocket> {
  const socket = await connectAgent(server.wsUrl, cookie)
  sockets.push(socket)
  return socket
}

/** Starts a server, signs the admin in and creates Bob, an agent; returns both cookies and Bob's id. */
async function team(options: Parameters<typeof startServer>[0] = {}) {
  server = await startServer({ timings, ...options })
  const adminCookie = await login(server.url)
  const created = await api(server.url, adminCookie, '/api/agents', { method: 'POST', body: bob })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const bobCookie = await login(server.url, bobLogin)
  return { adminCookie, bobCookie, bobId: created.body.agent.id as string }
}

describe('the team API', () => {
  it('lets admins create and change agents, and every agent see the team with its presence', async () => {
    const { adminCookie, bobCookie, bobId } = await team()
    const listed = await api(server.url, bobCookie, '/api/agents')
    expect(listed.status).toBe(200)
    expect(listed.body.agents).toEqual([
      {
        id: expect.any(String),
        email: admin.email,
        name: 'Admin',
        role: 'admin',
        disabled: false,
        presence: { state: 'offline', since: expect.any(String) },
      },
      {
        id: bobId,
        email: bob.email,
        name: 'Bob',
        role: 'agent',
        disabled: false,
        presence: { state: 'offline', since: expect.any(String) },
      },
    ])

    const changed = await api(server.url, adminCookie, `/api/agents/${bobId}`, {
      method: 'PATCH',
      body: { name: 'Robert', email: 'Robert@Example.com', role: 'admin' },
    })
    expect(changed.status).toBe(200)
    expect(changed.body.agent).toMatchObject({ id: bobId, name: 'Robert', email: 'robert@example.com', role: 'admin' })
    // Emails ignore case: another agent cannot take one, in a create or a change.
    const taken = await api(server.url, adminCookie, '/api/agents', { method: 'POST', body: { ...bob, email: 'ROBERT@example.com' } })
    expect(taken).toMatchObject({ status: 409, body: { code: 'agent_exists' } })
    const adminId = listed.body.agents[0].id
    const clash = await api(server.url, adminCookie, `/api/agents/${adminId}`, { method: 'PATCH', body: { email: 'robert@example.com' } })
    expect(clash).toMatchObject({ status: 409, body: { code: 'agent_exists' } })
    const missing = await api(server.url, adminCookie, '/api/agents/nobody', { method: 'PATCH', body: { name: 'X' } })
    expect(missing).toMatchObject({ status: 404, body: { code: 'agent_not_found' } })
    const weak = await api(server.url, adminCookie, '/api/agents', {
      method: 'POST',
      body: { ...bob, email: 'c@example.com', password: 'short' },
    })
    expect(weak).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    const badName = await api(server.url, adminCookie, '/api/agents', {
      method: 'POST',
      body: { ...bob, email: 'd@example.com', name: 'a\nb' },
    })
    expect(badName).toMatchObject({ status: 400, body: { code: 'bad_request' } })
  })

  it('answers 401 without a session, 403 admin_required to agents on admin routes, and 403 to another origin', async () => {
    const { adminCookie, bobCookie, bobId } = await team()
    const routes: Array<{ method: string; path: string; body?: unknown; adminOnly: boolean }> = [
      { method: 'GET', path: '/api/agents', adminOnly: false },
      { method: 'POST', path: '/api/agents', body: { ...bob, email: 'new@example.com' }, adminOnly: true },
      { method: 'PATCH', path: `/api/agents/${bobId}`, body: { name: 'Bobby' }, adminOnly: true },
      { method: 'POST', path: `/api/agents/${bobId}/logout`, adminOnly: true },
      { method: 'GET', path: '/api/monitoring', adminOnly: true },
      { method: 'PUT', path: '/api/monitoring', body: { addresses: [] }, adminOnly: true },
      { method: 'PATCH', path: '/api/auth/me', body: { name: 'Me' }, adminOnly: false },
      { method: 'POST', path: '/api/auth/password', body: { currentPassword: 'wrong one', newPassword: 'long enough' }, adminOnly: false },
    ]
    for (const { method, path, body, adminOnly } of routes) {
      const name = `${method} ${path}`
      expect((await api(server.url, '', path, { method, body })).body, name).toMatchObject({ statusCode: 401, code: 'unauthorized' })
      const asAgent = await api(server.url, bobCookie, path, { method, body })
      if (adminOnly) expect(asAgent.body, name).toMatchObject({ statusCode: 403, code: 'admin_required' })
      else expect([asAgent.status, asAgent.body?.code], name).not.toSatisfy(([status, code]) => status === 401 || code === 'admin_required')
      if (method === 'GET') continue
      // A page on another origin riding on the admin's cookie: refused before anything else.
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: adminCookie, origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      })
      expect(response.status, name).toBe(403)
      expect(((await response.json()) as { code: string }).code, name).toBe('forbidden_origin')
    }
    // The refused requests changed nothing: Bob is still Bob (his own PATCH /api/auth/me renamed him "Me").
    const { body } = await api(server.url, adminCookie, '/api/agents')
    expect(body.agents.map((agent: { name: string }) => agent.name).sort()).toEqual(['Admin', 'Me'])
  })

  it('never leaves the team without an enabled admin', async () => {
    const { adminCookie, bobId } = await team()
    const adminId = (await api(server.url, adminCookie, '/api/auth/me')).body.agent.id
    for (const body of [{ disabled: true }, { role: 'agent' }]) {
      const refused = await api(server.url, adminCookie, `/api/agents/${adminId}`, { method: 'PATCH', body })
      expect(refused, JSON.stringify(body)).toMatchObject({ status: 409, body: { code: 'last_admin' } })
    }
    // A refused change is refused whole: the name in the same body is not applied either.
    await api(server.url, adminCookie, `/api/agents/${adminId}`, { method: 'PATCH', body: { name: 'Boss', role: 'agent' } })
    expect((await api(server.url, adminCookie, '/api/auth/me')).body.agent).toMatchObject({ name: 'Admin', role: 'admin' })
    // With another admin, the first may step down.
    expect((await api(server.url, adminCookie, `/api/agents/${bobId}`, { method: 'PATCH', body: { role: 'admin' } })).status).toBe(200)
    const demoted = await api(server.url, adminCookie, `/api/agents/${adminId}`, { method: 'PATCH', body: { role: 'agent' } })
    expect(demoted).toMatchObject({ status: 200, body: { agent: { role: 'agent' } } })
    // ...and is an agent from the next request on.
    expect((await api(server.url, adminCookie, '/api/monitoring')).body.code).toBe('admin_required')
  })
})

describe('ending an agent’s sessions', () => {
  it('force-logout closes every socket of that agent at once with 4401, and no one else’s', async () => {
    const { adminCookie, bobCookie, bobId } = await team()
    const bobTabs = [await agentSocket(bobCookie), await agentSocket(await login(server.url, bobLogin))]
    const adminSocket = await agentSocket(adminCookie)
    expect((await api(server.url, adminCookie, `/api/agents/${bobId}/logout`, { method: 'POST' })).status).toBe(204)
    for (const tab of bobTabs) expect(await tab.closed).toEqual(sessionEnded)
    expect((await api(server.url, bobCookie, '/api/auth/me')).status).toBe(401)
    // The admin's socket is still open and answers.
    adminSocket.send({ type: 'nothing' })
    expect((await adminSocket.next('error')).code).toBe('unknown_frame_type')
    expect((await api(server.url, adminCookie, '/api/agents/nobody/logout', { method: 'POST' })).body.code).toBe('agent_not_found')
  })

  it('a disabled agent’s sockets close at once and they cannot sign in until enabled again', async () => {
    const { adminCookie, bobCookie, bobId } = await team()
    const tab = await agentSocket(bobCookie)
    const disabled = await api(server.url, adminCookie, `/api/agents/${bobId}`, { method: 'PATCH', body: { disabled: true } })
    expect(disabled.body.agent.disabled).toBe(true)
    expect(await tab.closed).toEqual(sessionEnded)
    expect((await api(server.url, bobCookie, '/api/agents')).status).toBe(401)
    const refused = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: bob.email, password: bob.password }),
    })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { code: string }).code).toBe('agent_disabled')
    // A wrong password tells nothing about the account.
    await expect(login(server.url, { email: bob.email, password: 'not his password' })).rejects.toThrow(/401/)
    await api(server.url, adminCookie, `/api/agents/${bobId}`, { method: 'PATCH', body: { disabled: false } })
    expect((await api(server.url, await login(server.url, bobLogin), '/api/auth/me')).body.agent.disabled).toBe(false)
  })

  it('a disabled agent’s open conversations go back to the queue, unanswered and unowned; finished ones keep their owner', async () => {
    const { adminCookie, bobCookie, bobId } = await team()
    const conversationOf = async (text: string) => {
      const { visitor } = await connectVisitor(server.wsUrl)
      sockets.push(visitor)
      visitor.send({ type: 'message.send', clientId: 'c1', text })
      return (await visitor.next('message.ack')).conversationId as string
    }
    const open = await conversationOf('still open')
    const done = await conversationOf('all done')
    for (const id of [open, done])
      expect((await api(server.url, bobCookie, `/api/conversations/${id}/take`, { method: 'POST', body: {} })).status).toBe(200)
    expect((await api(server.url, bobCookie, `/api/conversations/${done}/finish`, { method: 'POST' })).status).toBe(200)
    const watcher = await agentSocket(adminCookie)
    await api(server.url, adminCookie, `/api/agents/${bobId}`, { method: 'PATCH', body: { disabled: true } })
    const { conversation } = await watcher.nextWhere('conversation.updated', (frame) => frame.conversation.id === open)
    expect(conversation).toMatchObject({ status: 'unanswered', assigneeId: null })
    expect((await api(server.url, adminCookie, `/api/conversations/${open}`)).body.conversation).toMatchObject({
      status: 'unanswered',
      assigneeId: null,
    })
    expect((await api(server.url, adminCookie, `/api/conversations/${done}`)).body.conversation).toMatchObject({
      status: 'finished',
      assigneeId: bobId,
    })
  })

  it('an admin setting an agent’s password signs them out everywhere', async () => {
    const { adminCookie, bobCookie, bobId } = await team()
    const tab = await agentSocket(bobCookie)
    const reset = await api(server.url, adminCookie, `/api/agents/${bobId}`, {
      method: 'PATCH',
      body: { password: 'a brand new password' },
    })
    expect(reset.status).toBe(200)
    expect(await tab.closed).toEqual(sessionEnded)
    await login(server.url, { email: bob.email, password: 'a brand new password' })
  })
})

describe('an agent’s own account', () => {
  it('changes their own name', async () => {
    const { bobCookie } = await team()
    const renamed = await api(server.url, bobCookie, '/api/auth/me', { method: 'PATCH', body: { name: 'Bobby' } })
    expect(renamed).toMatchObject({ status: 200, body: { agent: { name: 'Bobby', role: 'agent' } } })
    expect((await api(server.url, bobCookie, '/api/auth/me')).body.agent.name).toBe('Bobby')
    // The role is not theirs to change.
    const promoted = await api(server.url, bobCookie, '/api/auth/me', { method: 'PATCH', body: { name: 'Bobby', role: 'admin' } })
    expect(promoted.body.code).toBe('bad_request')
  })

  it('changes their password with the current one; their other sessions end, this one stays', async () => {
    const { bobCookie } = await team()
    const otherCookie = await login(server.url, bobLogin)
    const other = await agentSocket(otherCookie)
    const mine = await agentSocket(bobCookie)
    const body = { currentPassword: 'not the password', newPassword: 'the new password' }
    expect(await api(server.url, bobCookie, '/api/auth/password', { method: 'POST', body })).toMatchObject({
      status: 403,
      body: { code: 'wrong_password' },
    })
    body.currentPassword = bob.password
    expect((await api(server.url, bobCookie, '/api/auth/password', { method: 'POST', body })).status).toBe(204)
    expect(await other.closed).toEqual(sessionEnded)
    expect((await api(server.url, otherCookie, '/api/auth/me')).status).toBe(401)
    expect((await api(server.url, bobCookie, '/api/auth/me')).status).toBe(200)
    mine.send({ type: 'nothing' })
    expect((await mine.next('error')).code).toBe('unknown_frame_type')
    await expect(login(server.url, bobLogin)).rejects.toThrow(/401/)
    await login(server.url, { email: bob.email, password: 'the new password' })
  })
})

describe('agent presence', () => {
  it('is online while an inbox is connected and used, away after agentIdleAfter, offline after the grace', async () => {
    const { adminCookie, bobCookie, bobId } = await team({ timings: { ...timings, agentIdleAfter: 1_000, offlineGrace: 200 } })
    const watcher = await agentSocket(adminCookie)
    const bobPresence = () => watcher.nextWhere('agent.presence', (frame) => frame.agentId === bobId)
    const tab = await agentSocket(bobCookie)
    expect((await bobPresence()).presence).toEqual({ state: 'online', since: expect.any(String) })
    expect((await bobPresence()).presence.state).toBe('away')
    tab.send({ type: 'activity' })
    expect((await bobPresence()).presence.state).toBe('online')
    const listed = await api(server.url, adminCookie, '/api/agents')
    expect(listed.body.agents.find((agent: { id: string }) => agent.id === bobId).presence.state).toBe('online')
    tab.close()
    // Away first (no activity for a second) or straight offline: either way, offline once the grace is over.
    await watcher.nextWhere('agent.presence', (frame) => frame.agentId === bobId && frame.presence.state === 'offline')
    const after = await api(server.url, adminCookie, '/api/agents')
    expect(after.body.agents.find((agent: { id: string }) => agent.id === bobId).presence.state).toBe('offline')
  })

  it('turns offline at once when the agent signs out, and refuses a malformed activity frame', async () => {
    const { adminCookie, bobCookie, bobId } = await team()
    const watcher = await agentSocket(adminCookie)
    const tab = await agentSocket(bobCookie)
    await watcher.nextWhere('agent.presence', (frame) => frame.agentId === bobId && frame.presence.state === 'online')
    tab.send({ type: 'activity', extra: true })
    expect((await tab.next('error')).code).toBe('invalid_frame')
    // The grace is a minute: only an ended session can turn Bob offline within the test.
    await api(server.url, bobCookie, '/api/auth/logout', { method: 'POST' })
    await watcher.nextWhere('agent.presence', (frame) => frame.agentId === bobId && frame.presence.state === 'offline')
  })
})

describe('the team’s availability, as visitors see it', () => {
  it('after a restart, an agent left online counts as online through the grace, then not unless they are back', async () => {
    const { bobCookie, bobId } = await team({ timings: { ...timings, offlineGrace: 1_000 } })
    const watcher = await connectVisitor(server.wsUrl)
    sockets.push(watcher.visitor)
    await agentSocket(bobCookie)
    expect(await watcher.visitor.next('team')).toEqual({ type: 'team', online: true })
    // The restart closes Bob's inbox socket (1001) a moment before the server stops.
    server = await server.restart()
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    sockets.push(visitor)
    // The inbox had no time to reconnect: the stored presence stands until the grace is over.
    expect(welcome.teamOnline).toBe(true)
    expect(await visitor.next('team')).toEqual({ type: 'team', online: false })
    const { body } = await api(server.url, await login(server.url), '/api/agents')
    expect(body.agents.find((agent: { id: string }) => agent.id === bobId).presence.state).toBe('offline')
  })

  it('is in the welcome and follows the agents live; a site may ask to hide the launcher while nobody is online', async () => {
    const { adminCookie, bobCookie } = await team()
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    sockets.push(visitor)
    expect(welcome).toMatchObject({ teamOnline: false, hideLauncherWhenTeamOffline: false })

    const tab = await agentSocket(bobCookie)
    expect(await visitor.next('team')).toEqual({ type: 'team', online: true })
    const second = await connectVisitor(server.wsUrl)
    sockets.push(second.visitor)
    expect(second.welcome.teamOnline).toBe(true)

    // A second agent coming and going changes nothing for visitors while Bob is online: no frame.
    const adminId = (await api(server.url, adminCookie, '/api/auth/me')).body.agent.id
    const adminTabCookie = await login(server.url)
    const adminTab = await agentSocket(adminTabCookie)
    await tab.nextWhere('agent.presence', (frame) => frame.agentId === adminId && frame.presence.state === 'online')
    await api(server.url, adminTabCookie, '/api/auth/logout', { method: 'POST' })
    await adminTab.closed
    await tab.nextWhere('agent.presence', (frame) => frame.agentId === adminId && frame.presence.state === 'offline')
    await visitor.barrier()
    expect(visitor.received('team')).toEqual([])
    await api(server.url, bobCookie, '/api/auth/logout', { method: 'POST' })
    await tab.closed
    expect(await visitor.next('team')).toEqual({ type: 'team', online: false })

    const patched = await api(server.url, adminCookie, '/api/sites/default', {
      method: 'PATCH',
      body: { widget: { hideLauncherWhenTeamOffline: true } },
    })
    expect(patched.body.site.widget).toEqual({ twoWayChat: true, hideLauncherWhenTeamOffline: true })
    // Open widgets learn it at once.
    expect(await visitor.next('site')).toEqual({ type: 'site', twoWayChat: true, hideLauncherWhenTeamOffline: true })
    const third = await connectVisitor(server.wsUrl)
    sockets.push(third.visitor)
    expect(third.welcome).toMatchObject({ teamOnline: false, hideLauncherWhenTeamOffline: true })
    const reset = await api(server.url, adminCookie, '/api/sites/default', {
      method: 'PATCH',
      body: { widget: { hideLauncherWhenTeamOffline: null } },
    })
    expect(reset.body.site.widget).toEqual({ twoWayChat: true, hideLauncherWhenTeamOffline: false })
  })
})
