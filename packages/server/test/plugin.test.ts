import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fastifyWebsocket from '@fastify/websocket'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../src/config/config-error.js'
import { porchlight } from '../src/plugin.js'
import { connectVisitor } from './support/frame-socket.js'
import { admin, api, login } from './support/start-server.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function hostApp(setup: (app: FastifyInstance) => Promise<void> | void = () => {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'porchlight-plugin-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const app = Fastify()
  cleanups.push(() => app.close())
  await setup(app)
  app.get('/', async () => 'the host page')
  app.post('/api/orders', async (request) => ({ received: request.body }))
  app.post('/notes', async (request) => ({ note: request.body }))
  await app.register(porchlight, { dataDir, admin })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return { app, url: `http://127.0.0.1:${port}` }
}

describe('app.register(porchlight, options)', () => {
  it('mounts beside the host app without changing its routes, parsers or errors', async () => {
    const { url } = await hostApp()
    expect(await (await fetch(`${url}/`)).text()).toBe('the host page')
    const order = await fetch(`${url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'lamp', extra: true }),
    })
    expect(await order.json()).toEqual({ received: { sku: 'lamp', extra: true } })
    // Porchlight refuses text/plain for itself, but the host keeps Fastify's default parser.
    const note = await fetch(`${url}/notes`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' })
    expect(await note.json()).toEqual({ note: 'hi' })
    // The host's 404 stays Fastify's own.
    expect(((await (await fetch(`${url}/nothing`)).json()) as { error: string }).error).toBe('Not Found')

    const { visitor } = await connectVisitor(url.replace('http', 'ws'))
    visitor.send({ type: 'message.send', clientId: 'p1', text: 'hello from the host app' })
    const { conversationId } = await visitor.next('message.ack')
    const cookie = await login(url)
    const detail = await api(url, cookie, `/api/conversations/${conversationId}`)
    expect(detail.body.conversation.messages[0].text).toBe('hello from the host app')
    visitor.close()
  })

  it('uses the host app’s own @fastify/websocket registration and still bounds frames', async () => {
    const { url } = await hostApp(async (app) => {
      await app.register(fastifyWebsocket)
      app.get('/host-socket', { websocket: true }, (socket) => socket.send('host'))
    })
    const { visitor } = await connectVisitor(url.replace('http', 'ws'))
    visitor.send({ type: 'message.send', clientId: 'big', text: 'x'.repeat(50_000) })
    expect((await visitor.closed).code).toBe(1009)
  })

  it('fails registration with a ConfigError naming a bad option', async () => {
    const app = Fastify()
    cleanups.push(() => app.close())
    await expect(app.register(porchlight, { dataDir: tmpdir(), timings: { heartbeatInterval: -5 } }).ready()).rejects.toThrow(
      new ConfigError(
        'timings.heartbeatInterval',
        'a positive whole number',
        -5,
        'it is how often the server pings each connection; without pings it could never find a dead one',
      ),
    )
  })
})
