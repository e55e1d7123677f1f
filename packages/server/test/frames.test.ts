import { errors } from '@porchlight/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectVisitor, FrameSocket } from './support/frame-socket.js'
import { startServer, type TestServer } from './support/start-server.js'

let server: TestServer
/** Added to the server's clock: a test moves time forward instead of waiting for it. */
let skipped = 0
beforeEach(async () => {
  skipped = 0
  server = await startServer({
    rateLimits: { messagesPerSecond: 2, messageBurst: 3 },
    timings: { handshakeTimeout: 300 },
    clock: () => Date.now() + skipped,
  })
})
afterEach(async () => {
  await server.close()
})

describe('bad frames on the visitor socket', () => {
  it.each([
    ['text that is not JSON', '{nope', 'invalid_frame'],
    ['a JSON array', '[1,2]', 'invalid_frame'],
    ['an unknown type', { type: 'launch.rockets' }, 'unknown_frame_type'],
    ['a message without text', { type: 'message.send', clientId: 'c' }, 'invalid_frame'],
    ['an empty message', { type: 'message.send', clientId: 'c', text: '' }, 'invalid_frame'],
    ['a message over the length limit', { type: 'message.send', clientId: 'c', text: 'x'.repeat(4001) }, 'invalid_frame'],
    ['an unexpected property', { type: 'message.send', clientId: 'c', text: 'hi', admin: true }, 'invalid_frame'],
    ['a client id with spaces', { type: 'message.send', clientId: 'a b', text: 'hi' }, 'invalid_frame'],
    ['an identify with a malformed email', { type: 'identify', email: 'not an email' }, 'invalid_email'],
  ])('answers %s with a coded error and keeps the connection', async (_name, frame, code) => {
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send(frame)
    const error = await visitor.next('error')
    expect(error.code).toBe(code)
    expect(error.message).toEqual(expect.any(String))
    visitor.send({ type: 'message.send', clientId: 'after', text: 'still here' })
    expect(await visitor.next('message.ack')).toMatchObject({ clientId: 'after', seq: 1 })
    visitor.close()
  })

  it('answers a binary frame with invalid_frame', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.socket.send(Buffer.from('{"type":"message.send"}'), { binary: true })
    expect((await visitor.next('error')).code).toBe('invalid_frame')
    visitor.close()
  })

  it('closes the connection with 1009 on an oversized frame, and the server stays up', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'big', text: 'x'.repeat(100_000) })
    expect((await visitor.closed).code).toBe(errors.frame_too_large.close)
    const { visitor: next } = await connectVisitor(server.wsUrl)
    next.send({ type: 'message.send', clientId: 'ok', text: 'fine' })
    expect(await next.next('message.ack')).toMatchObject({ clientId: 'ok' })
    next.close()
  })

  it('rate-limits message floods per connection with a coded error that names the message', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    for (let i = 0; i < 6; i++) visitor.send({ type: 'message.send', clientId: `f${i}`, text: `flood ${i}` })
    const acks = await Promise.all([0, 1, 2].map(() => visitor.next('message.ack')))
    const limited = await Promise.all([0, 1, 2].map(() => visitor.next('error')))
    expect(acks.map((a) => a.clientId).sort()).toEqual(['f0', 'f1', 'f2'])
    expect(limited.map((e) => [e.code, e.clientId])).toEqual([
      ['rate_limited', 'f3'],
      ['rate_limited', 'f4'],
      ['rate_limited', 'f5'],
    ])
    // The bucket refills: half a second later the visitor may send again.
    skipped += 500
    visitor.send({ type: 'message.send', clientId: 'f3', text: 'flood 3' })
    expect(await visitor.next('message.ack')).toMatchObject({ clientId: 'f3', seq: 4 })
    visitor.close()
  })
})

describe('the visitor handshake', () => {
  it('closes with handshake_required when the first frame is not hello', async () => {
    const socket = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await socket.opened()
    socket.send({ type: 'message.send', clientId: 'early', text: 'hi' })
    expect(await socket.closed).toEqual({ code: errors.handshake_required.close, reason: 'handshake_required' })
  })

  it('closes with handshake_timeout when no hello arrives in time', async () => {
    const socket = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await socket.opened()
    expect((await socket.closed).code).toBe(errors.handshake_timeout.close)
  })

  it('closes with unknown_site for a site that does not exist', async () => {
    const socket = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await socket.opened()
    socket.send({ type: 'hello', site: 'nope' })
    expect((await socket.closed).code).toBe(errors.unknown_site.close)
  })

  it('refuses a second hello on the same socket', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'hello', site: 'default' })
    expect((await visitor.next('error')).code).toBe('invalid_frame')
    visitor.close()
  })

  it('handles messages sent right behind hello, before the welcome arrives', async () => {
    const socket = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await socket.opened()
    socket.send({ type: 'hello', site: 'default' })
    socket.send({ type: 'message.send', clientId: 'eager', text: 'typed fast' })
    await socket.next('welcome')
    expect(await socket.next('message.ack')).toMatchObject({ clientId: 'eager', seq: 1 })
    socket.close()
  })
})

describe('shutdown', () => {
  it('closes open sockets with 1001 and keeps what was acknowledged', async () => {
    const { visitor, welcome } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 's1', text: 'just before shutdown' })
    await visitor.next('message.ack')
    const closed = visitor.closed
    server = await server.restart()
    expect((await closed).code).toBe(1001)
    const again = await connectVisitor(server.wsUrl, { token: welcome.token })
    expect((await again.visitor.next('message')).message.text).toBe('just before shutdown')
    again.visitor.close()
  })
})
