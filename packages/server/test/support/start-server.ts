import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import type { PorchlightOptions } from '../../src/config/options.js'

export const admin = { email: 'admin@example.com', password: 'correct horse battery staple' }

/**
 * The scrypt cost test servers hash passwords at: production's (128 MiB and about 300 ms per hash) would
 * add that to every start and sign-in of the suite. Tests of hashing pass their own `passwordCost`.
 */
export const testPasswordCost = { N: 1024 }

export interface TestServer {
  app: FastifyInstance
  url: string
  wsUrl: string
  dataDir: string
  /** Stops the server and keeps the data directory. */
  stop(): Promise<void>
  /** Starts a new server on the same data directory (a restart). */
  restart(): Promise<TestServer>
  /** Stops the server and deletes the data directory. */
  close(): Promise<void>
}

/**
 * Starts the real server on an ephemeral loopback port (or `listen.port`: a browser page must find a
 * restarted server where it left it) with a temporary data directory (or the given one), the admin from
 * {@link admin}, and no logging.
 */
export async function startServer(options: Partial<PorchlightOptions> = {}, listen: { port?: number } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'porchlight-test-'))
  const app = await buildApp({ admin, passwordCost: testPasswordCost, ...options, dataDir }, { logger: false })
  await app.listen({ port: listen.port ?? 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  const url = `http://127.0.0.1:${address.port}`
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await app.close()
  }
  return {
    app,
    url,
    wsUrl: url.replace('http', 'ws'),
    dataDir,
    stop,
    restart: async () => {
      await stop()
      return startServer({ ...options, dataDir }, listen)
    },
    close: async () => {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Signs the admin in; returns the `cookie` header to send with agent requests. */
export async function login(url: string, credentials = admin): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  })
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`)
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('porchlight_session='))
  if (!cookie) throw new Error('login set no session cookie')
  return cookie.split(';')[0]!
}

/** A JSON request to the agent API with the session cookie. */
export async function api(url: string, cookie: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, ...(init.body !== undefined && { 'content-type': 'application/json' }) },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers }
}
