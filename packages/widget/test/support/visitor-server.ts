import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { errors, visitorClientFrames, type Message, type VisitorClientFrame, type VisitorServerFrame } from '@porchlight/protocol'
import { Check } from 'typebox/value'
import { WebSocketServer } from 'ws'

/** A visitor as the fake server keeps them. */
export interface TestVisitor {
  id: string
  token: string
  messages: Message[]
}

/**
 * A fake Porchlight server for the faults the real one cannot be made to produce. The widget's client
 * tests run against the real server (real-server.ts); this one stands in only for:
 *
 * - a `message.send` lost on the way, before the server got it (`onSend: 'ignore'`);
 * - a message stored whose ack is lost (`onSend: 'store'`);
 * - a message refused with `invalid_frame` that the client took for valid (`refuseNext`): the real
 *   server refuses only what the client already refuses up front;
 * - sockets closed before the welcome (`refuseHello`): the real server welcomes every hello for a known
 *   site, and a client that says hello as its socket opens never meets its handshake timeout;
 * - a return link's exchange that is never answered (every one: `resumeRequests` counts them).
 *
 * Otherwise it speaks the visitor protocol as the real server does (hello and welcome with the replay,
 * acks with idempotent client ids, errors in the registry's words), over a real WebSocket, and checks
 * every client frame against the protocol's schemas.
 */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Every frame clients sent, parsed, in order. */
  readonly received: VisitorClientFrame[]
  /** Frames that did not match the protocol's schemas: a test expects none. */
  readonly invalid: unknown[]
  /**
   * What happens to a `message.send`: `ack` (store once per client id and acknowledge), `ignore` (as
   * if lost before the server got it) or `store` (stored, but the ack is lost).
   */
  onSend: 'ack' | 'ignore' | 'store'
  /** How many of the next `message.send` frames to refuse with `invalid_frame`. */
  refuseNext: number
  /** When true, a hello is answered by closing the socket with `handshake_timeout`. */
  refuseHello: boolean
  /** How many return-link exchanges (`POST /api/visitor/resume`) came: none is ever answered. */
  resumeRequests: number
  /** The only visitor; throws when there are none or several. */
  visitor(): TestVisitor
  /** Closes every visitor socket from the server side with `code`. */
  drop(code?: number): void
  close(): Promise<void>
}

export async function startTestServer(): Promise<TestServer> {
  // A return link's exchange is never answered (a hung server); every other request is a 404.
  const http = createServer((request, response) => {
    if (request.url === '/api/visitor/resume') server.resumeRequests++
    else response.writeHead(404).end()
  })
  const wss = new WebSocketServer({ server: http, path: '/ws/visitor' })
  const visitors = new Map<string, TestVisitor>()

  const sendTo = (socket: { send(data: string): void }, frame: VisitorServerFrame) => socket.send(JSON.stringify(frame))

  const server: TestServer = {
    origin: '',
    received: [],
    invalid: [],
    onSend: 'ack',
    refuseNext: 0,
    refuseHello: false,
    resumeRequests: 0,
    visitor() {
      const [visitor, ...others] = visitors.values()
      if (!visitor || others.length) throw new Error(`expected one visitor, found ${visitors.size}`)
      return visitor
    },
    drop(code = 1001) {
      for (const socket of wss.clients) socket.close(code)
    },
    async close() {
      for (const socket of wss.clients) socket.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }

  wss.on('connection', (socket) => {
    let visitor: TestVisitor | undefined
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as VisitorClientFrame
      server.received.push(frame)
      const schema = visitorClientFrames[frame.type]
      if (!schema || !Check(schema, frame)) {
        server.invalid.push(frame)
        return sendTo(socket, { type: 'error', code: 'invalid_frame', message: errors.invalid_frame.message })
      }
      if (frame.type === 'hello') {
        if (server.refuseHello) return socket.close(errors.handshake_timeout.close, 'handshake_timeout')
        visitor = frame.token === undefined ? undefined : visitors.get(frame.token)
        if (!visitor) {
          const id = `v${visitors.size + 1}`
          visitor = { id, token: `token-${id}`, messages: [] }
          visitors.set(visitor.token, visitor)
        }
        const { id, token, messages } = visitor
        const conversationId = messages[0]?.conversationId ?? null
        sendTo(socket, {
          type: 'welcome',
          visitorId: id,
          token,
          conversationId,
          lastSeq: messages.length,
          idleAfter: 300_000,
          readSeq: 0,
          emailKnown: false,
          twoWayChat: true,
        })
        for (const message of messages.slice(frame.lastSeq ?? 0)) sendTo(socket, { type: 'message', message })
        return
      }
      // Presence frames and identify change nothing here: the faults are about messages.
      if (frame.type !== 'message.send' || !visitor) return
      if (server.refuseNext > 0) {
        server.refuseNext--
        return sendTo(socket, { type: 'error', code: 'invalid_frame', message: errors.invalid_frame.message, clientId: frame.clientId })
      }
      if (server.onSend === 'ignore') return
      let message = visitor.messages.find((held) => held.clientId === frame.clientId)
      if (!message) {
        message = {
          id: `m-${visitor.id}-${visitor.messages.length + 1}`,
          conversationId: `c-${visitor.id}`,
          seq: visitor.messages.length + 1,
          author: 'visitor',
          authorName: null,
          text: frame.text,
          clientId: frame.clientId,
          createdAt: new Date().toISOString(),
        }
        visitor.messages.push(message)
      }
      if (server.onSend === 'store') return
      const { id, conversationId, seq, createdAt } = message
      sendTo(socket, { type: 'message.ack', clientId: frame.clientId, id, conversationId, seq, createdAt })
    })
  })

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()))
  const { port } = http.address() as AddressInfo
  return Object.assign(server, { origin: `http://127.0.0.1:${port}` })
}
