import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { WebhookEventType } from '@porchlight/protocol'
import Fastify from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/config/options.js'
import { hashPassword } from '../src/identity/passwords.js'
import { Services } from '../src/services.js'
import { Store } from '../src/store/store.js'
import { timeOrderedId } from '../src/store/time-ordered-id.js'
import { maxPendingDeliveries } from '../src/store/webhook-repository.js'
import { connectVisitor } from './support/frame-socket.js'
import { api, login, startServer, testPasswordCost, type TestServer } from './support/start-server.js'
import { temporaryDirectories } from './support/temp-dirs.js'
import { WebhookReceiver, type ReceivedRequest } from './support/webhook-receiver.js'

const newDir = temporaryDirectories('porchlight-webhooks-')
/** Retries come within milliseconds, so that a test waits for them, not for the back-off. */
const testJobs = { retryBase: 5, retryCap: 10 }

type Verifier = (rawBody: string, header: unknown, secret: string, toleranceSeconds?: number) => boolean

/** The signature check exactly as the root README shows it to website owners. */
async function readmeVerifier(): Promise<Verifier> {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
  const code = /```js\n(import \{ createHmac, timingSafeEqual \} from 'node:crypto'[\s\S]*?)```/.exec(readme)?.[1]
  if (!code) throw new Error('the README has no signature check')
  const file = join(newDir(), 'verify.mjs')
  writeFileSync(file, `${code}\nexport { verifyPorchlightSignature }\n`)
  return ((await import(pathToFileURL(file).href)) as { verifyPorchlightSignature: Verifier }).verifyPorchlightSignature
}

const event = (request: ReceivedRequest) =>
  JSON.parse(request.body) as { id: string; type: string; createdAt: string; site: string; data: any }

let receiver: WebhookReceiver
beforeEach(async () => {
  receiver = await WebhookReceiver.start()
})
afterEach(async () => {
  await receiver.close()
})

describe('webhooks through the server', () => {
  let server: TestServer
  let cookie: string
  beforeEach(async () => {
    server = await startServer({ webhooks: { allowPrivateAddresses: true }, jobs: testJobs, timings: { offlineGrace: 50 } })
    cookie = await login(server.url)
  })
  afterEach(async () => {
    await server.close()
  })

  const hooks = '/api/sites/default/webhooks'
  async function addWebhook(body: Record<string, unknown>): Promise<{ webhook: Record<string, any>; secret: string }> {
    const created = await api(server.url, cookie, hooks, { method: 'POST', body })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    return created.body
  }
  /** Signs in a new agent who is not an admin. */
  async function agentCookie(): Promise<string> {
    const store = await Store.open(server.dataDir)
    const agent = { id: randomUUID(), email: 'agent@example.com', name: 'Agent', role: 'agent' as const }
    await store.agents.create(agent, await hashPassword('an agent password', { N: 1024, r: 8, p: 1 }), Date.now())
    await store.close()
    return login(server.url, { email: agent.email, password: 'an agent password' })
  }
  const deliveries = async (webhookId: string) =>
    (await api(server.url, cookie, `${hooks}/${webhookId}/deliveries`)).body.deliveries as Array<Record<string, any>>

  it('signs each event, retries a 500 with the same delivery id and body, and logs the attempts', async () => {
    const verify = await readmeVerifier()
    const { webhook, secret } = await addWebhook({ url: `${receiver.url}/hooks?from=porchlight#ignored`, events: ['message.created'] })
    expect(webhook.url).toBe(`${receiver.url}/hooks?from=porchlight`)
    expect(secret).toMatch(/^whsec_[\w-]{43}$/)
    receiver.answer(500)

    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'hello there' })
    const { conversationId } = await visitor.next('message.ack')
    const first = await receiver.next()
    const retry = await receiver.next()

    expect(first).toMatchObject({ method: 'POST', path: '/hooks?from=porchlight' })
    expect(first.headers).toMatchObject({ 'content-type': 'application/json', 'porchlight-event': 'message.created' })
    const body = event(first)
    expect(body).toMatchObject({
      id: first.headers['porchlight-delivery'],
      type: 'message.created',
      site: 'default',
      data: { conversationId, visitorId: welcome.visitorId, message: { text: 'hello there', author: 'visitor', seq: 1 } },
    })
    expect(Date.parse(body.createdAt)).not.toBeNaN()
    // A retry is the same delivery: same id, same bytes, signed again.
    expect(retry.headers['porchlight-delivery']).toBe(first.headers['porchlight-delivery'])
    expect(retry.body).toBe(first.body)
    for (const request of [first, retry]) expect(verify(request.body, request.headers['porchlight-signature'], secret)).toBe(true)
    expect(verify(first.body, first.headers['porchlight-signature'], `${secret}x`)).toBe(false)
    expect(verify(first.body.replace('hello there', 'hello where'), first.headers['porchlight-signature'], secret)).toBe(false)
    // A signature older than the tolerance is a replay.
    const old = String(first.headers['porchlight-signature']).replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) - 301}`)
    expect(verify(first.body, old, secret)).toBe(false)

    await expect
      .poll(() => deliveries(webhook.id), { interval: 20 })
      .toMatchObject([
        { id: body.id, event: 'message.created', status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null, body: first.body },
      ])
    visitor.close()
  })

  it('tells each finish of a conversation once: a finish through the API, not a repeated one or a later update, and again after a reopen', async () => {
    const { webhook } = await addWebhook({ url: receiver.url, events: ['conversation.finished'] })
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'hello' })
    const { conversationId } = await visitor.next('message.ack')
    const conversation = `/api/conversations/${conversationId}`
    expect((await api(server.url, cookie, `${conversation}/finish`, { method: 'POST' })).status).toBe(200)
    const first = event(await receiver.next())
    expect(first).toMatchObject({ type: 'conversation.finished', data: { conversation: { id: conversationId, status: 'finished' } } })
    // Finishing it again, or tagging it while finished, is not another finish...
    expect((await api(server.url, cookie, `${conversation}/finish`, { method: 'POST' })).status).toBe(200)
    expect((await api(server.url, cookie, conversation, { method: 'PATCH', body: { tags: ['done'] } })).status).toBe(200)
    // ...but a finish after the visitor reopened it is.
    visitor.send({ type: 'message.send', clientId: 'c2', text: 'one more thing' })
    await visitor.next('message.ack')
    expect((await api(server.url, cookie, conversation)).body.conversation.status).toBe('unanswered')
    expect((await api(server.url, cookie, `${conversation}/finish`, { method: 'POST' })).status).toBe(200)
    const second = event(await receiver.next())
    expect(second).toMatchObject({ type: 'conversation.finished', data: { conversation: { id: conversationId, tags: ['done'] } } })
    // Each conversation's events are handled in order: the repeated finish and the tag were before the second finish.
    const logged = await deliveries(webhook.id)
    expect(logged.filter((delivery) => delivery.event === 'conversation.finished')).toHaveLength(2)
    visitor.close()
  })

  it('fails at once, and says so in the log and to admins in the failed jobs, on a 4xx that is not 408 or 429', async () => {
    const { webhook } = await addWebhook({ url: receiver.url, events: ['message.created'] })
    receiver.answer(410)
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'gone?' })
    const refused = await receiver.next()
    await expect
      .poll(() => deliveries(webhook.id), { interval: 20 })
      .toMatchObject([
        { id: refused.headers['porchlight-delivery'], status: 'failed', attempts: 1, lastStatusCode: 410, lastError: 'HTTP 410' },
      ])
    const failed = '/api/jobs/failed?kind=webhook'
    await expect
      .poll(async () => (await api(server.url, cookie, failed)).body, { interval: 20 })
      .toMatchObject({ jobs: [{ kind: 'webhook', key: refused.headers['porchlight-delivery'], attempts: 1, lastError: 'HTTP 410' }] })
    const [job] = (await api(server.url, cookie, `${failed}&limit=1`)).body.jobs
    expect(Date.parse(job.failedAt)).toBeGreaterThanOrEqual(Date.parse(job.dueAt))
    expect(await api(server.url, cookie, '/api/jobs/failed?kind=followup')).toMatchObject({ status: 200, body: { jobs: [] } })
    expect(await api(server.url, cookie, '/api/jobs/failed?limit=0')).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    expect(await api(server.url, await agentCookie(), failed)).toMatchObject({ status: 403, body: { code: 'admin_required' } })
    expect((await api(server.url, 'porchlight_session=forged', failed)).status).toBe(401)
    // The next request is the ping sent now, not a retry.
    const ping = await api(server.url, cookie, `${hooks}/${webhook.id}/test`, { method: 'POST' })
    expect(ping).toMatchObject({ status: 202, body: { delivery: { event: 'ping', status: 'pending', attempts: 0 } } })
    expect(event(await receiver.next())).toMatchObject({ id: ping.body.delivery.id, type: 'ping', data: { webhookId: webhook.id } })
    expect(receiver.received).toHaveLength(2)
    visitor.close()
  })

  it('retries when the receiver does not answer in time, and follows no redirect', async () => {
    await server.close()
    server = await startServer({ webhooks: { allowPrivateAddresses: true, timeout: 200 }, jobs: testJobs })
    cookie = await login(server.url)
    const { webhook } = await addWebhook({ url: receiver.url })
    receiver.answer('silence')
    const ping = (await api(server.url, cookie, `${hooks}/${webhook.id}/test`, { method: 'POST' })).body.delivery
    const [unanswered, retried] = [await receiver.next(), await receiver.next()]
    expect([unanswered, retried].map((request) => request.headers['porchlight-delivery'])).toEqual([ping.id, ping.id])
    await expect
      .poll(() => deliveries(webhook.id), { interval: 20 })
      .toMatchObject([{ id: ping.id, status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null }])

    receiver.answer(302)
    const moved = (await api(server.url, cookie, `${hooks}/${webhook.id}/test`, { method: 'POST' })).body.delivery
    expect((await receiver.next()).headers['porchlight-delivery']).toBe(moved.id)
    await expect
      .poll(async () => (await deliveries(webhook.id))[0], { interval: 20 })
      .toMatchObject({
        id: moved.id,
        status: 'failed',
        attempts: 1,
        lastStatusCode: 302,
        lastError: 'HTTP 302: redirects are not followed',
      })
    expect(receiver.received.map((request) => request.path)).not.toContain('/redirected')
  })

  it('tells presence changes, messages and a session turning inactive, from real sockets, to the endpoints subscribed', async () => {
    const all = await addWebhook({ url: `${receiver.url}/all` })
    expect(all.webhook.events).toEqual([
      'followup.sent',
      'followup.failed',
      'presence.changed',
      'session.inactive',
      'message.created',
      'conversation.finished',
    ])
    // Disabled, or subscribed to something else: told nothing.
    const disabled = await addWebhook({ url: `${receiver.url}/disabled`, enabled: false })
    const followups = await addWebhook({ url: `${receiver.url}/followups`, events: ['followup.sent'] })

    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'anyone?' })
    const { conversationId } = await visitor.next('message.ack')
    visitor.close()
    const received = await receiver.until('session.inactive')
    expect(received.every((request) => request.path === '/all')).toBe(true)
    // Each event's deliveries are logged together, before any of them is sent: none were for these.
    expect([await deliveries(disabled.webhook.id), await deliveries(followups.webhook.id)]).toEqual([[], []])
    const events = received.map(event)
    const online = events.find((body) => body.type === 'presence.changed' && body.data.presence.state === 'online')
    expect(online?.data).toMatchObject({ visitorId: welcome.visitorId, presence: { reason: 'visible' } })
    expect(events.find((body) => body.type === 'message.created')?.data).toMatchObject({ conversationId, message: { text: 'anyone?' } })
    // The offline change comes before the session's, but deliveries run side by side and may arrive in any order.
    await expect
      .poll(() => receiver.received.map(event).some((body) => body.type === 'presence.changed' && body.data.presence.state === 'offline'))
      .toBe(true)
    expect(events.at(-1)).toMatchObject({
      type: 'session.inactive',
      site: 'default',
      data: { conversationId, visitorId: welcome.visitorId, reason: 'user_offline' },
    })
    expect(new Set(events.map((body) => body.id)).size).toBe(events.length)
  })

  it('lets admins manage endpoints, shows a secret once, and refuses agents with admin_required', async () => {
    const given = 'a-secret-the-admin-chose-1234'
    const { webhook, secret } = await addWebhook({ url: 'https://example.com/hook', events: ['followup.sent'], secret: given })
    expect(secret).toBe(given)
    expect(webhook).toMatchObject({ siteId: 'default', url: 'https://example.com/hook', events: ['followup.sent'], enabled: true })
    const listed = await api(server.url, cookie, hooks)
    expect(listed).toMatchObject({ status: 200, body: { webhooks: [webhook] } })
    expect(JSON.stringify(listed.body)).not.toContain(given)

    const patched = await api(server.url, cookie, `${hooks}/${webhook.id}`, {
      method: 'PATCH',
      body: { events: ['presence.changed', 'conversation.finished'], enabled: false },
    })
    expect(patched).toMatchObject({
      status: 200,
      body: { webhook: { events: ['presence.changed', 'conversation.finished'], enabled: false } },
    })
    expect(JSON.stringify(patched.body)).not.toContain(given)

    for (const [body, code] of [
      [{ url: 'ftp://example.com/' }, 'webhook_url_invalid'],
      [{ url: 'https://user:password@example.com/' }, 'webhook_url_invalid'],
      [{ url: 'not a url' }, 'webhook_url_invalid'],
      [{ url: 'https://example.com/', secret: 'short' }, 'bad_request'],
      [{ url: 'https://example.com/', events: ['nothing.happened'] }, 'bad_request'],
      [{ url: 'https://example.com/', events: [] }, 'bad_request'],
      [{ url: `https://example.com/${'a'.repeat(2048)}` }, 'bad_request'],
    ] as const) {
      expect(await api(server.url, cookie, hooks, { method: 'POST', body }), JSON.stringify(body)).toMatchObject({
        status: 400,
        body: { code },
      })
    }
    expect(await api(server.url, cookie, `${hooks}/${webhook.id}`, { method: 'PATCH', body: {} })).toMatchObject({ status: 400 })
    expect(await api(server.url, cookie, '/api/sites/nowhere/webhooks')).toMatchObject({ status: 404, body: { code: 'site_not_found' } })
    expect(await api(server.url, cookie, `${hooks}/nothing/deliveries`)).toMatchObject({ status: 404, body: { code: 'webhook_not_found' } })

    for (let count = 1; count < 20; count++) await addWebhook({ url: `https://example.com/${count}` })
    expect(await api(server.url, cookie, hooks, { method: 'POST', body: { url: 'https://example.com/21' } })).toMatchObject({
      status: 409,
      body: { code: 'too_many_webhooks' },
    })
    expect(await api(server.url, cookie, `${hooks}/${webhook.id}`, { method: 'DELETE' })).toMatchObject({ status: 204 })
    expect(await api(server.url, cookie, `${hooks}/${webhook.id}`, { method: 'DELETE' })).toMatchObject({ status: 404 })

    // An agent who is not an admin may not see or change any of it.
    const notAdmin = await agentCookie()
    for (const [method, path, body] of [
      ['GET', hooks, undefined],
      ['POST', hooks, { url: 'https://example.com/' }],
      ['PATCH', `${hooks}/${webhook.id}`, { enabled: true }],
      ['DELETE', `${hooks}/${webhook.id}`, undefined],
      ['GET', `${hooks}/${webhook.id}/deliveries`, undefined],
      ['POST', `${hooks}/${webhook.id}/test`, undefined],
    ] as const) {
      expect(await api(server.url, notAdmin, path, { method, body }), `${method} ${path}`).toMatchObject({
        status: 403,
        body: { code: 'admin_required' },
      })
      expect((await api(server.url, 'porchlight_session=forged', path, { method, body })).status).toBe(401)
    }
  })
})

describe('the SSRF guard', () => {
  let server: TestServer
  let cookie: string
  beforeEach(async () => {
    server = await startServer({ jobs: testJobs })
    cookie = await login(server.url)
  })
  afterEach(async () => {
    await server.close()
  })

  it('refuses internal addresses when saved, and a name that resolves to one when delivering', async () => {
    const port = new URL(receiver.url).port
    for (const url of [
      `http://127.0.0.1:${port}/`,
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://224.0.0.1/',
      'http://2130706433/',
    ]) {
      const refused = await api(server.url, cookie, '/api/sites/default/webhooks', { method: 'POST', body: { url } })
      expect(refused, url).toMatchObject({ status: 400, body: { code: 'webhook_url_forbidden' } })
    }

    const created = await api(server.url, cookie, '/api/sites/default/webhooks', {
      method: 'POST',
      body: { url: `http://localhost:${port}/hook` },
    })
    expect(created.status).toBe(201)
    const path = `/api/sites/default/webhooks/${created.body.webhook.id}`
    expect((await api(server.url, cookie, `${path}/test`, { method: 'POST' })).status).toBe(202)
    await expect
      .poll(async () => (await api(server.url, cookie, `${path}/deliveries`)).body.deliveries, { interval: 20 })
      .toMatchObject([{ status: 'failed', attempts: 1, lastStatusCode: null }])
    const [failed] = (await api(server.url, cookie, `${path}/deliveries`)).body.deliveries
    expect(failed.lastError).toMatch(/^localhost resolves to .*not a public address/)
    // Refused before connecting: the receiver on that port heard nothing.
    expect(receiver.received).toEqual([])
  })

  it('refuses at delivery an IP address saved while private addresses were allowed', async () => {
    // Saved by a server that allowed them (the same data directory, restarted without the option).
    const store = await Store.open(server.dataDir)
    const id = randomUUID()
    const saved = { id, siteId: 'default', url: `${receiver.url}/`, secret: 'a-secret-for-this-test-only', events: [], enabled: true }
    await store.webhooks.create({ ...saved, createdAt: new Date().toISOString() }, Date.now(), 20)
    await store.close()
    const path = `/api/sites/default/webhooks/${id}`
    expect((await api(server.url, cookie, `${path}/test`, { method: 'POST' })).status).toBe(202)
    await expect
      .poll(async () => (await api(server.url, cookie, `${path}/deliveries`)).body.deliveries, { interval: 20 })
      .toMatchObject([{ status: 'failed', attempts: 1, lastError: expect.stringMatching(/^127\.0\.0\.1 resolves to 127\.0\.0\.1/) }])
    expect(receiver.received).toEqual([])
  })
})

/** The server's services without HTTP, with one endpoint of the default site at the receiver for `events`. */
async function servicesWithWebhook(events: WebhookEventType[]) {
  const services = await Services.start(
    resolveOptions({ dataDir: newDir(), webhooks: { allowPrivateAddresses: true }, jobs: testJobs, passwordCost: testPasswordCost }),
    Fastify({ logger: false }).log,
  )
  const now = Date.now()
  const webhook = {
    id: randomUUID(),
    siteId: 'default',
    url: receiver.url,
    secret: 'a-secret-for-this-test-only',
    events,
    enabled: true,
    createdAt: new Date(now).toISOString(),
  }
  await services.store.webhooks.create(webhook, now, 20)
  services.bus.emit('webhook.changed', { siteId: 'default' })
  return { services, webhook }
}

describe('webhooks of events from other features', () => {
  it('tells follow-ups sent and failed', async () => {
    const { services } = await servicesWithWebhook(['followup.sent', 'followup.failed'])
    try {
      const { store, bus } = services
      const now = Date.now()
      const visitor = await store.visitors.create({ id: randomUUID(), siteId: 'default', tokenHash: randomUUID(), createdAt: now })
      const { message } = await services.conversations.postFromVisitor({
        siteId: 'default',
        visitorId: visitor.id,
        visitorName: null,
        text: 'hello',
        clientId: 'c1',
        connectionId: 'test',
      })
      const ids = { conversationId: message.conversationId, visitorId: visitor.id, siteId: 'default' }
      bus.emit('followup.sent', { ...ids, messageId: message.id })
      bus.emit('followup.failed', { ...ids, error: 'the mailbox does not exist' })

      const received = await Promise.all([receiver.next(), receiver.next()])
      const byType = (type: string) => received.map(event).filter((body) => body.type === type)
      expect(byType('followup.sent')).toMatchObject([
        { site: 'default', data: { conversationId: message.conversationId, visitorId: visitor.id, messageId: message.id } },
      ])
      expect(byType('followup.failed')).toMatchObject([
        { data: { conversationId: message.conversationId, error: 'the mailbox does not exist' } },
      ])
    } finally {
      await services.stop()
    }
  })
})

describe('the backlog of an endpoint', () => {
  it('logs an event as failed, without queueing it, once the endpoint has 1,000 deliveries pending', async () => {
    const { services, webhook } = await servicesWithWebhook(['message.created'])
    try {
      const { store } = services
      const now = Date.now()
      // A backlog as an endpoint that never answers leaves it, without jobs, so that none of it is sent.
      const backlog = Array.from({ length: maxPendingDeliveries - 1 }, () =>
        store.webhooks.createDelivery({
          id: timeOrderedId(now - 1),
          endpointId: webhook.id,
          event: 'ping',
          body: '{}',
          now,
        }),
      )
      expect((await Promise.all(backlog)).every(({ status }) => status === 'pending')).toBe(true)
      const last = await services.webhooks.ping(webhook)
      expect(last).toMatchObject({ status: 'pending', lastError: null })
      await store.jobs.cancel('webhook', last.id)

      const refused = await services.webhooks.ping(webhook)
      expect(refused).toMatchObject({
        event: 'ping',
        status: 'failed',
        attempts: 0,
        lastError: expect.stringMatching(/^backlog full: 1000 /),
      })
      expect(await store.jobs.nextRunAt()).toBeUndefined()
      expect((await store.webhooks.deliveries(webhook.id, 1))[0]).toEqual(refused)
      expect(receiver.received).toEqual([])
    } finally {
      await services.stop()
    }
  })
})
