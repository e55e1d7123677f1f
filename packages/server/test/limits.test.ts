import { mkdtempSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errors } from '@porchlight/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { connectVisitor, FrameSocket } from './support/frame-socket.js'
import { buildApp } from '../src/app.js'
import { admin, startServer, type TestServer } from './support/start-server.js'

/** Asks for a WebSocket upgrade and reads the HTTP answer of a server that refuses it. */
function refusedUpgrade(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = get(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    })
    request.once('upgrade', () => reject(new Error('the upgrade was accepted')))
    request.once('response', (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += String(chunk)))
      response.once('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }))
    })
    request.once('error', reject)
  })
}

let server: TestServer
afterEach(async () => {
  await server?.close()
})

describe('limits per address', () => {
  it('refuses a visitor socket over the open sockets an address may hold with HTTP 429 too_many_connections', async () => {
    server = await startServer({ socketLimits: { socketsPerAddress: 3 } })
    const open = await Promise.all([0, 1, 2].map(() => connectVisitor(server.wsUrl)))
    const refused = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await expect(refused.opened()).rejects.toThrow('HTTP 429')
    expect(await refusedUpgrade(`${server.url}/ws/visitor`)).toMatchObject({
      status: 429,
      body: { code: 'too_many_connections', statusCode: 429 },
    })
    // A socket that closes makes room again (once the server has seen it close).
    open[0]!.visitor.close()
    let again: Awaited<ReturnType<typeof connectVisitor>> | undefined
    await expect
      .poll(async () => (again = await connectVisitor(server.wsUrl, { token: open[0]!.welcome.token }).catch(() => undefined)))
      .toBeDefined()
    expect(again!.welcome.visitorId).toBe(open[0]!.welcome.visitorId)
    for (const { visitor } of [...open.slice(1), again!]) visitor.close()
  })

  it('closes a hello that would create a visitor over the address budget with too_many_visitors, and still resumes known ones', async () => {
    server = await startServer({ rateLimits: { newVisitorsPerMinute: 1, newVisitorBurst: 2 } })
    const first = await connectVisitor(server.wsUrl)
    const second = await connectVisitor(server.wsUrl)
    const third = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await third.opened()
    third.send({ type: 'hello', site: 'default' })
    expect(await third.closed).toEqual({ code: errors.too_many_visitors.close, reason: 'too_many_visitors' })
    // An unknown token would create a visitor too.
    const forged = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await forged.opened()
    forged.send({ type: 'hello', site: 'default', token: 'made-up' })
    expect((await forged.closed).code).toBe(errors.too_many_visitors.close)
    const resumed = await connectVisitor(server.wsUrl, { token: first.welcome.token })
    expect(resumed.welcome.visitorId).toBe(first.welcome.visitorId)
    for (const { visitor } of [first, second, resumed]) visitor.close()
  })
})

describe('addresses behind a reverse proxy', () => {
  it('counts by the client address a trusted proxy forwards, not by the proxy’s', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'porchlight-test-'))
    const app = await buildApp({ dataDir, admin, socketLimits: { socketsPerAddress: 1 } }, { logger: false, trustProxy: '127.0.0.1' })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const wsUrl = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}`
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } })
    try {
      const first = await connectVisitor(wsUrl, {}, from('203.0.113.1'))
      const second = await connectVisitor(wsUrl, {}, from('203.0.113.2'))
      await expect(connectVisitor(wsUrl, {}, from('203.0.113.1'))).rejects.toThrow('HTTP 429')
      first.visitor.close()
      second.visitor.close()
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('limits per visitor', () => {
  it('counts messages across all of a visitor’s sockets', async () => {
    server = await startServer({ rateLimits: { messagesPerSecond: 1, messageBurst: 4 } })
    const tab = await connectVisitor(server.wsUrl)
    const tabs = [tab, ...(await Promise.all([0, 1, 2].map(() => connectVisitor(server.wsUrl, { token: tab.welcome.token }))))]
    // Two messages from each of four tabs: eight, against a budget of four for the visitor.
    for (const [index, { visitor }] of tabs.entries()) {
      visitor.send({ type: 'message.send', clientId: `a${index}`, text: 'one' })
      visitor.send({ type: 'message.send', clientId: `b${index}`, text: 'two' })
    }
    const answered = (visitor: FrameSocket) => visitor.frames.filter((frame) => frame.type === 'message.ack' || frame.type === 'error')
    for (const { visitor } of tabs) await expect.poll(() => answered(visitor).length).toBe(2)
    const answers = tabs.flatMap(({ visitor }) =>
      answered(visitor).map((frame) => (frame.type === 'error' ? (frame.code as string) : 'ack')),
    )
    expect(answers.filter((answer) => answer === 'ack')).toHaveLength(4)
    expect(answers.filter((answer) => answer === 'rate_limited')).toHaveLength(4)
    for (const { visitor } of tabs) visitor.close()
  })
})
