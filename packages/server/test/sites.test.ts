import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../src/identity/passwords.js'
import { Store } from '../src/store/store.js'
import { connectAgent, connectVisitor, FrameSocket } from './support/frame-socket.js'
import { api, login, startServer, testPasswordCost, type TestServer } from './support/start-server.js'

const minute = 60_000
/** Long server defaults: whatever happens within a test's few seconds comes from a site's own settings. */
const timings = { heartbeatInterval: minute, offlineGrace: minute, awayAfter: minute, idleAfter: 5 * minute, followupDelay: 5 * minute }
const agent = { email: 'agent@example.com', password: 'an agent, not an admin' }

let server: TestServer
afterEach(async () => {
  await server?.close()
})

async function start(): Promise<string> {
  server = await startServer({ timings })
  return login(server.url)
}

const patch = (cookie: string, id: string, body: unknown) => api(server.url, cookie, `/api/sites/${id}`, { method: 'PATCH', body })

describe('the sites API', () => {
  it('shows the default site with the server defaults, creates, reads and patches sites; null resets a setting', async () => {
    const cookie = await start()
    const listed = await api(server.url, cookie, '/api/sites')
    expect(listed.status).toBe(200)
    expect(listed.body.sites).toEqual([
      {
        id: 'default',
        name: 'Default site',
        allowedOrigins: null,
        identity: { required: false, secretSet: false },
        presence: {
          heartbeatInterval: minute,
          offlineGrace: minute,
          awayAfter: minute,
          idleAfter: 5 * minute,
          inactivityWindow: 10 * minute,
        },
        followup: { enabled: true, delay: 5 * minute, returnUrl: { mode: 'page' }, senderName: null, replyTo: null },
        widget: { twoWayChat: true },
        createdAt: expect.any(String),
      },
    ])

    const created = await api(server.url, cookie, '/api/sites', {
      method: 'POST',
      body: {
        id: 'shop',
        name: 'Shop',
        allowedOrigins: ['https://Shop.Example:443', 'http://localhost:8080'],
        presence: { offlineGrace: '30s', awayAfter: 15000 },
        followup: {
          delay: '10m',
          returnUrl: { mode: 'custom', url: 'https://shop.example/help' },
          senderName: 'Shop support',
          replyTo: 'help@shop.example',
        },
      },
    })
    expect(created.status).toBe(201)
    expect(created.body.site).toMatchObject({
      id: 'shop',
      allowedOrigins: ['https://shop.example', 'http://localhost:8080'],
      presence: { offlineGrace: 30_000, awayAfter: 15_000, heartbeatInterval: minute },
      followup: {
        enabled: true,
        delay: 10 * minute,
        returnUrl: { mode: 'custom', url: 'https://shop.example/help' },
        senderName: 'Shop support',
      },
    })
    const again = await api(server.url, cookie, '/api/sites', { method: 'POST', body: { id: 'shop', name: 'Another' } })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'site_exists' })
    expect((await api(server.url, cookie, '/api/sites/shop')).body).toEqual(created.body)

    const patched = await patch(cookie, 'shop', {
      name: 'The shop',
      allowedOrigins: null,
      presence: { offlineGrace: null, idleAfter: '2m' },
      followup: { returnUrl: null, enabled: false },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.site).toMatchObject({
      name: 'The shop',
      allowedOrigins: null,
      presence: { offlineGrace: minute, awayAfter: 15_000, idleAfter: 2 * minute },
      followup: {
        enabled: false,
        delay: 10 * minute,
        returnUrl: { mode: 'page' },
        senderName: 'Shop support',
        replyTo: 'help@shop.example',
      },
    })
    expect((await api(server.url, cookie, '/api/sites')).body.sites.map((site: { id: string }) => site.id)).toEqual(['default', 'shop'])
    for (const [method, path] of [
      ['GET', '/api/sites/nope'],
      ['PATCH', '/api/sites/nope'],
      ['POST', '/api/sites/nope/identity-secret'],
    ] as const) {
      const response = await api(server.url, cookie, path, { method, ...(method === 'PATCH' && { body: { name: 'x' } }) })
      expect(response.status, path).toBe(404)
      expect(response.body.code).toBe('site_not_found')
    }
  })

  it('refuses agents who are not admins with 403 admin_required, and strangers with 401', async () => {
    const first = await startServer({ timings })
    await first.stop()
    const store = await Store.open(first.dataDir)
    await store.agents.create(
      { id: randomUUID(), email: agent.email, name: 'Agent', role: 'agent' },
      await hashPassword(agent.password, { N: testPasswordCost.N, r: 8, p: 1 }),
      Date.now(),
    )
    await store.close()
    server = await first.restart()
    const cookie = await login(server.url, agent)
    const requests = [
      ['GET', '/api/sites', undefined],
      ['POST', '/api/sites', { id: 'mine', name: 'Mine' }],
      ['GET', '/api/sites/default', undefined],
      ['PATCH', '/api/sites/default', { allowedOrigins: ['https://evil.example'] }],
      ['POST', '/api/sites/default/identity-secret', undefined],
    ] as const
    for (const [method, path, body] of requests) {
      const refused = await api(server.url, cookie, path, { method, body })
      expect(refused.status, `${method} ${path}`).toBe(403)
      expect(refused.body).toMatchObject({ code: 'admin_required', statusCode: 403 })
      expect((await api(server.url, 'porchlight_session=forged', path, { method, body })).status).toBe(401)
    }
    const site = (await api(server.url, await login(server.url), '/api/sites/default')).body.site
    expect(site).toMatchObject({ allowedOrigins: null, identity: { secretSet: false } })
  })

  it('answers bad settings with coded errors and changes nothing', async () => {
    const cookie = await start()
    const before = (await api(server.url, cookie, '/api/sites/default')).body
    const cases: Array<[unknown, number, string]> = [
      [{ allowedOrigins: ['https://shop.example/path'] }, 400, 'bad_request'],
      [{ allowedOrigins: ['ftp://shop.example'] }, 400, 'bad_request'],
      [{ allowedOrigins: ['https://shop.example:99999'] }, 400, 'invalid_setting'],
      [{ allowedOrigins: Array.from({ length: 101 }, (_, n) => `https://s${n}.example`) }, 400, 'bad_request'],
      [{ presence: { heartbeatInterval: '10m' } }, 400, 'invalid_setting'],
      [{ presence: { heartbeatInterval: 500 } }, 400, 'invalid_setting'],
      [{ presence: { offlineGrace: 'soon' } }, 400, 'invalid_setting'],
      [{ presence: { awayAfter: -1 } }, 400, 'bad_request'],
      [{ presence: { lunch: '1h' } }, 400, 'bad_request'],
      [{ followup: { delay: '90d' } }, 400, 'invalid_setting'],
      [{ followup: { senderName: 'Support\r\nBcc: everyone@example.com' } }, 400, 'bad_request'],
      [{ followup: { senderName: 'x'.repeat(101) } }, 400, 'bad_request'],
      [{ followup: { replyTo: 'not an address' } }, 400, 'bad_request'],
      [{ followup: { returnUrl: { mode: 'custom' } } }, 400, 'bad_request'],
      [{ followup: { returnUrl: { mode: 'custom', url: 'javascript:alert(1)' } } }, 400, 'invalid_setting'],
      [{ name: '' }, 400, 'bad_request'],
      [{ identity: { required: true } }, 409, 'identity_secret_missing'],
    ]
    for (const [body, status, code] of cases) {
      const response = await patch(cookie, 'default', body)
      expect(response.status, JSON.stringify(body)).toBe(status)
      expect(response.body.code, JSON.stringify(body)).toBe(code)
    }
    for (const id of ['Shop', '-shop', 'a'.repeat(65), 'shop.example']) {
      const response = await api(server.url, cookie, '/api/sites', { method: 'POST', body: { id, name: 'Shop' } })
      expect(response.status, id).toBe(400)
      expect(response.body.code).toBe('bad_request')
    }
    expect((await api(server.url, cookie, '/api/sites/default')).body).toEqual(before)
  })

  it('generates the identity secret, shows it once, and a rotation replaces it', async () => {
    const cookie = await start()
    const first = await api(server.url, cookie, '/api/sites/default/identity-secret', { method: 'POST' })
    expect(first.status).toBe(200)
    expect(first.body.secret).toMatch(/^[0-9a-f]{64}$/)
    expect(first.body.site.identity).toEqual({ required: false, secretSet: true })
    const shown = await api(server.url, cookie, '/api/sites/default')
    expect(JSON.stringify(shown.body)).not.toContain(first.body.secret)
    expect(JSON.stringify((await api(server.url, cookie, '/api/sites')).body)).not.toContain(first.body.secret)
    const second = await api(server.url, cookie, '/api/sites/default/identity-secret', { method: 'POST' })
    expect(second.body.secret).not.toBe(first.body.secret)
    const required = await patch(cookie, 'default', { identity: { required: true } })
    expect(required.body.site.identity).toEqual({ required: true, secretSet: true })
    // The database alone does not hold it: it is sealed with the server secret.
    await server.stop()
    for (const file of readdirSync(server.dataDir)) {
      expect(readFileSync(join(server.dataDir, file)).includes(second.body.secret), file).toBe(false)
    }
  })
})

describe('a change of settings takes effect without a restart', () => {
  it('gives a new connection the site’s heartbeat interval and idle threshold, and a shorter grace applies to a new connection', async () => {
    const cookie = await start()
    const watcher = await connectAgent(server.wsUrl, cookie)
    await patch(cookie, 'default', { presence: { heartbeatInterval: '1s', offlineGrace: '1s', idleAfter: '45s' } })
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    expect(welcome.idleAfter).toBe(45_000)
    // Pinged every second, the site's interval, not every minute (the first round may come at once).
    await visitor.next('ping', 5_000)
    await visitor.next('ping', 5_000)
    await watcher.nextWhere('presence.changed', (f) => f.visitorId === welcome.visitorId && f.presence.state === 'online')
    visitor.socket.close(1000, 'pagehide')
    const offline = await watcher.nextWhere(
      'presence.changed',
      (f) => f.visitorId === welcome.visitorId && f.presence.state === 'offline',
      5_000,
    )
    expect(offline.presence.reason).toBe('page_closed')
  })

  it("ends an away visitor's session after the site's inactivity window, not the server's", async () => {
    const cookie = await start()
    const watcher = await connectAgent(server.wsUrl, cookie)
    await patch(cookie, 'default', { presence: { inactivityWindow: '1s' } })
    const { visitor } = await connectVisitor(server.wsUrl, { signals: { visible: false, focused: false, widgetOpen: false, idle: false } })
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'anyone there?' })
    const { conversationId } = await visitor.next('message.ack')
    const inactive = await watcher.nextWhere(
      'session.changed',
      (f) => f.conversationId === conversationId && f.session.state === 'inactive',
      5_000,
    )
    expect(inactive.session.inactiveReason).toBe('no_response')
  })

  it('re-times a grace that is already running', async () => {
    const cookie = await start()
    const watcher = await connectAgent(server.wsUrl, cookie)
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    await watcher.nextWhere('presence.changed', (f) => f.visitorId === welcome.visitorId && f.presence.state === 'online')
    visitor.socket.close(1000, 'pagehide')
    await visitor.closed
    // The server's minute of grace is running; the site's new second ends it.
    await patch(cookie, 'default', { presence: { offlineGrace: '1s' } })
    await watcher.nextWhere('presence.changed', (f) => f.visitorId === welcome.visitorId && f.presence.state === 'offline', 5_000)
  })
})

describe('allowed origins', () => {
  const upgrade = (origin?: string) => new FrameSocket(`${server.wsUrl}/ws/visitor`, origin === undefined ? {} : { origin })
  const hello = async (socket: FrameSocket) => {
    await socket.opened()
    socket.send({ type: 'hello', site: 'default' })
  }

  it('refuses a widget on an origin the site does not allow with 4003 origin_not_allowed, and its beacon with 403', async () => {
    const cookie = await start()
    // Any origin by default.
    const anywhere = upgrade('https://anywhere.example')
    await hello(anywhere)
    const { token } = await anywhere.next('welcome')
    await patch(cookie, 'default', { allowedOrigins: ['https://shop.example'] })
    // A socket already open from an origin no longer allowed is closed.
    expect(await anywhere.closed).toEqual({ code: 4003, reason: 'origin_not_allowed' })

    for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'null', undefined]) {
      const refused = upgrade(origin)
      await hello(refused)
      expect(await refused.closed, String(origin)).toEqual({ code: 4003, reason: 'origin_not_allowed' })
    }
    const allowed = upgrade('https://shop.example')
    await hello(allowed)
    expect((await allowed.next('welcome')).visitorId).toEqual(expect.any(String))
    allowed.close()

    const beacon = (origin: string) =>
      fetch(`${server.url}/api/visitor/beacon`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin },
        body: JSON.stringify({ site: 'default', token, event: 'pagehide', persisted: false }),
      })
    const refusedBeacon = await beacon('https://evil.example')
    expect(refusedBeacon.status).toBe(403)
    expect(await refusedBeacon.json()).toMatchObject({ code: 'origin_not_allowed' })
    expect((await beacon('https://shop.example')).status).toBe(204)
  })
})
