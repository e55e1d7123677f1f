import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { ConfigError } from '../src/config/config-error.js'
import { connectVisitor } from './support/frame-socket.js'
import { admin } from './support/start-server.js'

const timeouts = { keepAlive: 200, headers: 300, request: 800, idle: 500 }
/** Node checks the header deadline every tenth of it: a stalled client is gone by then. */
const headersBound = timeouts.headers * 1.1
/** Node keeps an idle kept-alive socket a second longer than it advertises. */
const keepAliveBound = timeouts.keepAlive + 1_000
/** What a loaded machine may add to a deadline before the event loop gets to it. */
const slack = 500

let app: FastifyInstance
let port: number
let dataDir: string
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'porchlight-timeouts-'))
  app = await buildApp({ dataDir, admin }, { logger: false }, timeouts)
  await app.listen({ port: 0, host: '127.0.0.1' })
  port = (app.server.address() as { port: number }).port
})
afterAll(async () => {
  await app.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/**
 * Opens a raw connection, writes `data` (then one byte of `trickle` every 100 ms, if given), and resolves
 * when the server closes it: what it said, and when.
 */
function closedByServer(data: string, trickle = ''): Promise<{ afterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const started = performance.now()
    let answer = ''
    let sent = 0
    const timer = setInterval(() => sent < trickle.length && socket.write(trickle[sent++]!), 100)
    socket.on('connect', () => socket.write(data))
    socket.on('data', (chunk: Buffer) => (answer += String(chunk)))
    socket.on('error', reject)
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ afterMs: performance.now() - started, answer })
    })
  })
}

const loginHead = 'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n'

describe('the standalone server drops slow and idle clients', () => {
  it('closes a connection that sent half a request line, with 408 request_timeout', async () => {
    const { afterMs, answer } = await closedByServer('GET /hea')
    expect(afterMs).toBeGreaterThanOrEqual(timeouts.headers - 50)
    expect(afterMs).toBeLessThan(headersBound + slack)
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'request_timeout', statusCode: 408 })
  })

  it('closes a connection that sends headers too slowly, and one that sends nothing', async () => {
    const [slow, silent] = await Promise.all([closedByServer('GET /healthz HTTP/1.1\r\nHost: localhost\r\n'), closedByServer('')])
    for (const { afterMs } of [slow, silent]) expect(afterMs).toBeLessThan(headersBound + slack)
  })

  it('closes an idle kept-alive connection after its request', async () => {
    const { afterMs, answer } = await closedByServer('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 200 /)
    expect(answer.toLowerCase()).toContain(`keep-alive: timeout=${Math.floor(timeouts.keepAlive / 1000)}`)
    expect(afterMs).toBeLessThan(keepAliveBound + slack)
  })

  it('closes a connection that stops in the middle of its body once it has been idle', async () => {
    const { afterMs } = await closedByServer(`${loginHead}{"email":`)
    expect(afterMs).toBeGreaterThanOrEqual(timeouts.idle - 50)
    expect(afterMs).toBeLessThan(timeouts.idle + slack)
  })

  it('cuts a body that trickles in, never idle, at the request deadline', async () => {
    const { afterMs, answer } = await closedByServer(loginHead, ' '.repeat(100))
    expect(afterMs).toBeGreaterThanOrEqual(timeouts.request - 50)
    expect(afterMs).toBeLessThan(timeouts.request * 1.1 + slack)
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
  })

  it('leaves WebSockets alone: a socket older than every deadline still answers', async () => {
    const { visitor } = await connectVisitor(`ws://127.0.0.1:${port}`)
    // The barrier: a kept-alive connection opened after the socket, closed after every deadline has passed.
    await closedByServer('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n')
    visitor.send({ type: 'message.send', clientId: 'after-deadline', text: 'still here' })
    expect(await visitor.next('message.ack')).toMatchObject({ clientId: 'after-deadline' })
    visitor.close()
  })

  it('refuses a timeout that is not a positive whole number, naming it', async () => {
    await expect(buildApp({ dataDir, admin }, { logger: false }, { headers: 0 })).rejects.toThrow(
      new ConfigError('timeouts.headers', 'a positive whole number', 0),
    )
  })
})
