import { errors } from '@porchlight/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { sendFrame } from './send-frame.js'

let server: WebSocketServer | undefined
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
})

/** A real socket pair on loopback: the server's end, and a client that can stop reading. */
async function socketPair() {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => server!.once('listening', resolve))
  const serverEnd = new Promise<WebSocket>((resolve) => server!.once('connection', resolve))
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`)
  await new Promise((resolve) => client.once('open', resolve))
  return { client, serverEnd: await serverEnd }
}

describe('sendFrame', () => {
  it('sends while the other end reads, and cuts off one that leaves more than the bound unread with slow_consumer', async () => {
    const { client, serverEnd } = await socketPair()
    const received: string[] = []
    client.on('message', (data: Buffer) => received.push(data.toString()))
    expect(sendFrame(serverEnd, { type: 'ping' }, 1024)).toBe(true)
    await new Promise((resolve) => client.once('message', resolve))
    expect(received).toEqual(['{"type":"ping"}'])

    client.pause()
    const frame = 'z'.repeat(16 * 1024)
    let sent = 0
    // The kernel takes what it can; then the server's own buffer fills up to the bound.
    while (sendFrame(serverEnd, frame, 256 * 1024)) sent++
    expect(serverEnd.bufferedAmount).toBeLessThanOrEqual(256 * 1024)
    expect(sendFrame(serverEnd, frame, 256 * 1024)).toBe(false) // nothing more is queued
    const closed = new Promise<[number, string]>((resolve) => client.once('close', (code, reason) => resolve([code, String(reason)])))
    client.resume()
    // A client that reads its backlog in time gets the coded close behind it.
    expect(await closed).toEqual([errors.slow_consumer.close, 'slow_consumer'])
    expect(received.length - 1).toBe(sent)
  })

  it('queues nothing for a socket that is not open', async () => {
    const { client, serverEnd } = await socketPair()
    client.close()
    await new Promise((resolve) => serverEnd.once('close', resolve))
    expect(sendFrame(serverEnd, { type: 'ping' }, 1024)).toBe(false)
  })
})
