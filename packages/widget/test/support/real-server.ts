import { mkdtempSync, rmSync } from 'node:fs'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Message } from '@porchlight/protocol'
import type { FastifyInstance } from 'fastify'
import WebSocket from 'ws'
import { buildApp } from '../../../server/src/app.js'
import type { PorchlightOptions } from '../../../server/src/config/options.js'
import { Store } from '../../../server/src/store/store.js'
import { admin, api, login, testPasswordCost } from '../../../server/test/support/start-server.js'

/** The sites the server has: `default` (always there) and a second one. */
export const sites = ['default', 'docs'] as const

/** Options of {@link startRealServer}: the server's own, without the data directory. */
export type RealServerOptions = Omit<Partial<PorchlightOptions>, 'dataDir'>

/**
 * The real Porchlight server (`buildApp`, as the `porchlight-server` bin runs it), in this process, for
 * the widget's tests: a temporary data directory with the sites in {@link sites}, and a loopback port
 * that stays the same across restarts, so that clients find it again.
 */
export interface RealServer {
  /** `http://127.0.0.1:<port>`, the same across restarts. */
  readonly origin: string
  /** Cuts every visitor socket's TCP connection, as a lost network does: no close frame (1006). */
  cutConnections(): void
  /** Stops the server (it tells every socket 1001, as on any shutdown) and keeps the data directory. */
  stop(): Promise<void>
  /** Starts it again on the same port, on the same data directory or on a new, empty one. */
  start(data?: 'same' | 'empty'): Promise<void>
  /** An agent's reply in the conversation, through the agent API. */
  reply(conversationId: string, text: string): Promise<Message>
  /** The conversation as the agent API returns it, with its messages and visitor. */
  conversation(conversationId: string): Promise<Record<string, any>>
  /** Generates (or rotates) a site's identity secret through the sites API; resolves with it. */
  identitySecret(site: string): Promise<string>
  /** Changes a site's settings through the sites API (`PATCH /api/sites/:id`). */
  updateSite(site: string, settings: Record<string, unknown>): Promise<void>
  /**
   * An agent opens the inbox's socket (a session of its own): the team is online. `leave` signs that
   * session out, which ends the socket, and the team is offline again at once (no grace).
   */
  agentOnline(): Promise<{ leave(): Promise<void> }>
  /** Resolves once no visitor socket is connected (the last test's have closed). */
  idle(): Promise<void>
  /** Stops the server and removes its data. */
  close(): Promise<void>
}

/** Starts the real server; see {@link RealServer}. */
export async function startRealServer(options: RealServerOptions = {}): Promise<RealServer> {
  const dataDirs: string[] = []
  const newDataDir = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'porchlight-widget-'))
    dataDirs.push(dir)
    const store = await Store.open(dir)
    for (const site of sites) await store.sites.ensure(site, site, 0)
    await store.close()
    return dir
  }

  let dataDir = await newDataDir()
  let app: FastifyInstance | undefined
  let port = 0
  let cookie: string | undefined
  /** The TCP connections upgraded to visitor sockets. */
  const connections = new Set<Socket>()
  const whenIdle: Array<() => void> = []

  const start = async (data: 'same' | 'empty' = 'same') => {
    if (data === 'empty') dataDir = await newDataDir()
    cookie = undefined
    const started = await buildApp({ admin, passwordCost: testPasswordCost, ...options, dataDir }, { logger: false })
    started.server.on('upgrade', (request: { url?: string }, socket: Socket) => {
      if (!request.url?.startsWith('/ws/visitor')) return
      connections.add(socket)
      socket.once('close', () => {
        connections.delete(socket)
        if (connections.size === 0) for (const wake of whenIdle.splice(0)) wake()
      })
    })
    await started.listen({ port, host: '127.0.0.1' })
    const address = started.server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    port = address.port
    app = started
  }

  const agentApi = async (path: string, method = 'GET', body?: unknown) => {
    cookie ??= await login(server.origin)
    const response = await api(server.origin, cookie, path, { method, body })
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`)
    return response.body
  }

  const server: RealServer = {
    origin: '',
    cutConnections() {
      for (const socket of connections) socket.destroy()
    },
    async stop() {
      const running = app
      app = undefined
      await running?.close()
    },
    start,
    async reply(conversationId, text) {
      return ((await agentApi(`/api/conversations/${conversationId}/messages`, 'POST', { text })) as { message: Message }).message
    },
    async conversation(conversationId) {
      return ((await agentApi(`/api/conversations/${conversationId}`)) as { conversation: Record<string, any> }).conversation
    },
    async identitySecret(site) {
      return ((await agentApi(`/api/sites/${site}/identity-secret`, 'POST')) as { secret: string }).secret
    },
    async updateSite(site, settings) {
      await agentApi(`/api/sites/${site}`, 'PATCH', settings)
    },
    async agentOnline() {
      const session = await login(server.origin)
      const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/ws/agent`, { headers: { cookie: session } })
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
      return {
        async leave() {
          const closed = new Promise((resolve) => socket.once('close', resolve))
          await api(server.origin, session, '/api/auth/logout', { method: 'POST' })
          await closed
        },
      }
    },
    async idle() {
      if (connections.size > 0) await new Promise<void>((resolve) => whenIdle.push(resolve))
    },
    async close() {
      await server.stop()
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
    },
  }

  await start()
  return Object.assign(server, { origin: `http://127.0.0.1:${port}` })
}
