import { mkdtempSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errors } from '@porchlight/protocol'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { hashToken } from '../src/identity/tokens.js'
import { Store } from '../src/store/store.js'
import { connectVisitor, FrameSocket, connectAgent } from './support/frame-socket.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

const secret = 'a-test-secret-that-is-long-enough-0123456789'

let server: TestServer
afterEach(async () => {
  await server?.close()
})

/**
 * The server's own ends of the sockets upgraded from now on, in order. What the server queues for a
 * socket sits in the socket's `writableLength` until the kernel takes it.
 */
function watchUpgrades(): Array<{ url: string; socket: Socket }> {
  const upgrades: Array<{ url: string; socket: Socket }> = []
  server.app.server.on('upgrade', (request: IncomingMessage, socket: Socket) => upgrades.push({ url: request.url!, socket }))
  return upgrades
}

/** `{"type":[[[…]]]}` nested `depth` deep: about 8 KB, well under the frame limit. */
const deepFrame = (depth: number) => `{"type":${'['.repeat(depth)}${']'.repeat(depth)}}`

describe('no frame takes the server down', () => {
  it('answers a first frame nested 4,100 deep on the visitor socket with invalid_frame, and keeps serving', async () => {
    server = await startServer()
    const { visitor } = await connectVisitor(server.wsUrl)
    const raw = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await raw.opened()
    raw.send(deepFrame(4_100))
    const error = await raw.next('error')
    expect(error).toMatchObject({ code: 'invalid_frame', message: expect.stringContaining('deeper than 16') })
    visitor.send({ type: 'message.send', clientId: 'alive', text: 'still here' })
    expect(await visitor.next('message.ack')).toMatchObject({ clientId: 'alive' })
    raw.close()
    visitor.close()
  })

  it('answers the same frame on the agent socket with invalid_frame', async () => {
    server = await startServer()
    const cookie = await login(server.url)
    const agent = await connectAgent(server.wsUrl, cookie)
    agent.send(deepFrame(4_100))
    expect((await agent.next('error')).code).toBe('invalid_frame')
    // A shallow unknown type is named in the error, but only a bounded part of it.
    agent.send({ type: 'x'.repeat(5_000) })
    const unknown = await agent.next('error')
    expect(unknown.code).toBe('unknown_frame_type')
    expect(unknown.message.length).toBeLessThan(200)
    agent.close()
  })

  it('closes only the socket whose frame failed unexpectedly, with internal_error (1011), and keeps serving', async () => {
    server = await startServer()
    const { visitor: bystander } = await connectVisitor(server.wsUrl)
    const { visitor } = await connectVisitor(server.wsUrl)
    // A real fault: the table an `identify` writes to disappears under the running server.
    const database = new SQLite(join(server.dataDir, 'porchlight.sqlite'))
    database.exec('ALTER TABLE visitors RENAME TO visitors_elsewhere')
    visitor.send({ type: 'identify', name: 'Ada' })
    expect(await visitor.closed).toEqual({ code: errors.internal_error.close, reason: 'internal_error' })
    database.exec('ALTER TABLE visitors_elsewhere RENAME TO visitors')
    database.close()
    bystander.send({ type: 'message.send', clientId: 'after', text: 'unaffected' })
    expect(await bystander.next('message.ack')).toMatchObject({ clientId: 'after' })
    bystander.close()
  })

  it('answers a REST body nested too deep, or with prototype keys, with bad_request', async () => {
    server = await startServer()
    const post = (body: string) =>
      fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const deep = await post(`{"email":${'['.repeat(20_000)}${']'.repeat(20_000)}}`)
    expect(deep.status).toBe(400)
    expect(await deep.json()).toMatchObject({ code: 'bad_request', message: expect.stringContaining('deeper') })
    const polluting = await post('{"__proto__":{"admin":true},"email":"a@b.c","password":"x"}')
    expect(polluting.status).toBe(400)
    expect(await polluting.json()).toMatchObject({ code: 'bad_request' })
  })
})

describe('what a socket may make the server hold', () => {
  it('replays a long history to a client that stops reading a page at a time, never past the send bound', { timeout: 60_000 }, async () => {
    // 3,000 messages of 4,000 bytes: 12 MB of history, twelve times the bound on what a socket may leave unread.
    const dataDir = mkdtempSync(join(tmpdir(), 'porchlight-test-'))
    const token = 'a-visitor-token'
    const store = await Store.open(dataDir)
    await store.sites.ensure('default', 'Default', 0)
    await store.visitors.create({ id: 'v1', siteId: 'default', tokenHash: hashToken(secret, token), createdAt: 0 })
    const text = 'x'.repeat(4_000)
    await Promise.all(
      Array.from({ length: 3_000 }, (_, index) =>
        store.messages.write({
          target: { visitorId: 'v1', siteId: 'default' },
          author: 'visitor',
          senderId: 'v1',
          authorName: null,
          text,
          clientId: `m${index}`,
          transition: (current) => current,
        }),
      ),
    )
    await store.close()
    server = await startServer({ dataDir, secret })
    const upgrades = watchUpgrades()

    const readers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const reader = new FrameSocket(`${server.wsUrl}/ws/visitor`)
        await reader.opened()
        reader.send({ type: 'hello', site: 'default', token, lastSeq: 0 })
        reader.socket.pause()
        return reader
      }),
    )
    // Every reader's kernel buffers are full, and the server holds what they do not take yet.
    await expect.poll(() => upgrades.filter(({ socket }) => socket.writableLength > 0).length, { timeout: 10_000 }).toBe(5)
    for (const { socket } of upgrades) expect(socket.writableLength).toBeLessThanOrEqual(1024 * 1024)

    for (const reader of readers) reader.socket.resume()
    for (const reader of readers) {
      const seqs: number[] = []
      while (seqs.at(-1) !== 3_000) seqs.push((await reader.next('message', 20_000)).message.seq as number)
      expect(seqs).toEqual(Array.from({ length: 3_000 }, (_, index) => index + 1))
      reader.close()
    }
  })

  it('cuts off an agent socket that leaves more than the send bound unread, ', { timeout: 30_000 }, async () => {
    server = await startServer({ socketLimits: { sendBufferBytes: 64 * 1024 } })
    const upgrades = watchUpgrades()
    const cookie = await login(server.url)
    const agent = await connectAgent(server.wsUrl, cookie)
    const watcher = await connectAgent(server.wsUrl, cookie)
    agent.socket.pause()
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c0', text: 'hello' })
    const { conversationId } = await visitor.next('message.ack')
    // Agents' replies are broadcast to every agent socket: one that does not read falls behind.
    const text = '€'.repeat(4_000) // 12 KB a frame
    let sent = 0
    while (sent < 1_000) {
      await api(server.url, cookie, `/api/conversations/${conversationId as string}/messages`, { method: 'POST', body: { text } })
      sent++
      // Never more than the bound (and the frame that found it full) queued for the paused agent.
      expect(upgrades[0]!.socket.writableLength).toBeLessThanOrEqual(64 * 1024 + 13_000)
      if (upgrades[0]!.socket.destroyed) break // the server let go of the paused agent
    }
    expect(upgrades[0]!.socket.destroyed).toBe(true)
    expect(upgrades.slice(1).map(({ socket }) => socket.destroyed)).toEqual([false, false])
    // The watcher, who reads, got every reply; the paused one learns its end when it reads again.
    await watcher.nextWhere('message.created', (frame) => frame.message.seq === sent + 1)
    agent.socket.resume()
    expect((await agent.closed).code).toBe(1006)
    expect(sent).toBeLessThan(1_000)
    visitor.close()
    watcher.close()
  })
})
