import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { errors } from '@porchlight/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { connectVisitor } from './support/frame-socket.js'
import { admin, api, login, startServer, type TestServer } from './support/start-server.js'

let server: TestServer
afterEach(async () => {
  await server?.close()
})

const emoji = '😀' // two UTF-16 code units, one code point

describe('message text', () => {
  it('counts the length limit in UTF-16 code units, as the protocol says, on the socket and over REST', async () => {
    server = await startServer()
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'fits', text: emoji.repeat(2_000) })
    const ack = await visitor.next('message.ack')
    visitor.send({ type: 'message.send', clientId: 'over', text: emoji.repeat(2_001) })
    const error = await visitor.next('error')
    expect(error).toMatchObject({ code: 'invalid_frame', clientId: 'over', message: expect.stringContaining('4000 UTF-16 code units') })
    const cookie = await login(server.url)
    const path = `/api/conversations/${ack.conversationId as string}/messages`
    expect((await api(server.url, cookie, path, { method: 'POST', body: { text: emoji.repeat(2_000) } })).status).toBe(201)
    const over = await api(server.url, cookie, path, { method: 'POST', body: { text: emoji.repeat(2_001) } })
    expect(over).toMatchObject({ status: 400, body: { code: 'bad_request' } })
    visitor.close()
  })

  it('refuses a lone surrogate instead of storing something else than was sent, on the socket and over REST', async () => {
    server = await startServer()
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send('{"type":"message.send","clientId":"half","text":"broken \\ud83d"}')
    // Named by its client id: the client drops it instead of sending it again after every reconnect.
    expect(await visitor.next('error')).toMatchObject({
      code: 'invalid_frame',
      clientId: 'half',
      message: expect.stringContaining('/text'),
    })
    visitor.send('{"type":"identify","name":"\\udc00 Ada"}')
    expect(await visitor.next('error')).toMatchObject({ code: 'invalid_frame', message: expect.stringContaining('/name') })
    // A whole pair written as escapes is a character like any other.
    visitor.send('{"type":"message.send","clientId":"whole","text":"fine \\ud83d\\ude00"}')
    const ack = await visitor.next('message.ack')
    const cookie = await login(server.url)
    const { body } = await api(server.url, cookie, `/api/conversations/${ack.conversationId as string}`)
    expect(body.conversation.messages.map((message: { text: string }) => message.text)).toEqual([`fine ${emoji}`])
    const response = await fetch(`${server.url}/api/conversations/${ack.conversationId as string}/messages`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"text":"broken \\ud83d"}',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'bad_request', message: expect.stringContaining('/text') })
    visitor.close()
  })
})

describe('frames that break the WebSocket protocol', () => {
  it('closes invalid UTF-8 with 1007 and an oversized frame with 1009, logged below error and without a stack', async () => {
    const lines: Array<Record<string, unknown>> = []
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>)
        done()
      },
    })
    const dataDir = mkdtempSync(join(tmpdir(), 'porchlight-test-'))
    const app = await buildApp({ dataDir, admin }, { logger: { level: 'debug', stream } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const wsUrl = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}`
    try {
      const { visitor: garbled } = await connectVisitor(wsUrl)
      garbled.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
      expect((await garbled.closed).code).toBe(errors.invalid_utf8.close)
      const { visitor: huge } = await connectVisitor(wsUrl)
      huge.socket.send('x'.repeat(100_000))
      expect((await huge.closed).code).toBe(errors.frame_too_large.close)
      const { visitor: barrier } = await connectVisitor(wsUrl)
      barrier.close()
      const reported = lines.filter((line) => line.msg === 'a client broke the WebSocket protocol')
      expect(reported.map((line) => line.code).sort()).toEqual(['WS_ERR_INVALID_UTF8', 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'])
      expect(reported.every((line) => (line.level as number) < 50 && !JSON.stringify(line).includes('"stack"'))).toBe(true)
      expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([])
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
