import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import {
  BeaconBody,
  errors,
  visitorClientFrames,
  type Message,
  type Presence,
  type VisitorClientFrame,
  type VisitorServerFrame,
} from '@porchlight/protocol'
import { Check } from 'typebox/value'
import { WebSocketServer, type WebSocket } from 'ws'

/** A visitor as the test server keeps them. */
export interface TestVisitor {
  id: string
  token: string
  conversationId: string | null
  messages: Message[]
  identity?: VisitorClientFrame
}

/** How a client closed its socket, as the server saw it. */
export interface SocketClose {
  code: number
  reason: string
}

/**
 * A minimal Porchlight server for the widget's tests: it speaks the visitor protocol over a real
 * WebSocket (hello/welcome with replay, message.send/ack with idempotent client ids, identify, errors,
 * close code 4004 for an unknown site, the presence frames: signals, ping/pong, pagehide, freeze,
 * presence), checks every client frame and beacon against the protocol's schemas, and serves the built
 * widget.js and the beacon endpoint over HTTP. The real server's end-to-end tests live elsewhere.
 */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Every frame clients sent, parsed, in order. */
  readonly received: VisitorClientFrame[]
  /** Frames that did not match the protocol's schemas: a test expects none. */
  readonly invalid: unknown[]
  /** The sites the server knows; a hello for another one is closed with 4004. */
  readonly sites: Set<string>
  readonly visitors: Map<string, TestVisitor>
  /** Open visitor sockets. */
  readonly sockets: Set<WebSocket>
  /** Visitor sockets accepted so far. */
  readonly connectionCount: number
  /** How every visitor socket closed, in order; those the server closed itself (`drop`) too. */
  readonly closes: SocketClose[]
  /** The bodies `POST /api/visitor/beacon` received, parsed, in order. */
  readonly beacons: BeaconBody[]
  /** The `idleAfter` (ms) of the welcome. Default: 5 minutes. */
  idleAfter: number
  /**
   * What happens to a `message.send`: `ack` (store once per client id, acknowledge, push to the
   * visitor's other sockets), `ignore` (as if lost before the server got it) or `store` (stored, but
   * the ack is lost).
   */
  onSend: 'ack' | 'ignore' | 'store'
  /** How many of the next `message.send` frames to refuse with `rate_limited`. */
  rateLimitNext: number
  /** How many of the next `message.send` frames to refuse with `invalid_frame`. */
  refuseNext: number
  /** When true, a hello is answered by closing the socket with 4001, so the client keeps retrying. */
  refuseHello: boolean
  /** Stores an agent's reply in the visitor's conversation and pushes it to their open sockets. */
  reply(visitor: TestVisitor, text: string, authorName?: string): Message
  /** The only visitor; throws when there are none or several. */
  visitor(): TestVisitor
  /** Closes every visitor socket from the server side with `code`. */
  drop(code?: number): void
  /** Sends the application heartbeat, `{ type: 'ping' }`, to every welcomed socket. */
  ping(): void
  /** Sends a `presence` frame to every welcomed socket. */
  pushPresence(presence: Presence): void
  close(): Promise<void>
}

// A file path, not a URL: under jsdom the global URL is not the one node:fs accepts.
const widgetJs = fileURLToPath(import.meta.resolve('../../dist/widget.js'))

export async function startTestServer(): Promise<TestServer> {
  const http = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/api/visitor/beacon') {
      let body = ''
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (body += chunk))
      request.on('end', () => {
        let beacon: unknown
        try {
          beacon = JSON.parse(body)
        } catch {
          beacon = body
        }
        if (Check(BeaconBody, beacon)) server.beacons.push(beacon)
        else server.invalid.push(beacon)
        response.writeHead(204).end()
      })
      return
    }
    if (request.url !== '/widget.js') return response.writeHead(404).end()
    readFile(widgetJs).then(
      (body) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
      () => response.writeHead(500).end('dist/widget.js is missing: build the widget first'),
    )
  })
  const wss = new WebSocketServer({ server: http, path: '/ws/visitor' })
  const sockets = new Set<WebSocket>()
  const visitorOf = new Map<WebSocket, TestVisitor>()
  let connectionCount = 0
  let visitorCount = 0

  const sendTo = (socket: WebSocket, frame: VisitorServerFrame) => socket.send(JSON.stringify(frame))
  const socketsOf = (visitor: TestVisitor) => [...visitorOf].filter(([, v]) => v === visitor).map(([socket]) => socket)

  const store = (visitor: TestVisitor, fields: Pick<Message, 'author' | 'authorName' | 'text' | 'clientId'>) => {
    visitor.conversationId ??= `c-${visitor.id}`
    const message: Message = {
      id: `m-${visitor.id}-${visitor.messages.length + 1}`,
      conversationId: visitor.conversationId,
      seq: visitor.messages.length + 1,
      createdAt: new Date().toISOString(),
      ...fields,
    }
    visitor.messages.push(message)
    return message
  }

  const server: TestServer = {
    origin: '',
    received: [],
    invalid: [],
    sites: new Set(['default', 'docs']),
    visitors: new Map(),
    sockets,
    get connectionCount() {
      return connectionCount
    },
    closes: [],
    beacons: [],
    idleAfter: 300_000,
    onSend: 'ack',
    rateLimitNext: 0,
    refuseNext: 0,
    refuseHello: false,
    reply(visitor, text, authorName = 'Grace') {
      const message = store(visitor, { author: 'agent', authorName, text, clientId: null })
      for (const socket of socketsOf(visitor)) sendTo(socket, { type: 'message', message })
      return message
    },
    visitor() {
      const [visitor, ...others] = server.visitors.values()
      if (!visitor || others.length) throw new Error(`expected one visitor, found ${server.visitors.size}`)
      return visitor
    },
    drop(code = 1001) {
      for (const socket of sockets) socket.close(code)
    },
    ping() {
      for (const socket of visitorOf.keys()) sendTo(socket, { type: 'ping' })
    },
    pushPresence(presence) {
      for (const socket of visitorOf.keys()) sendTo(socket, { type: 'presence', presence })
    },
    async close() {
      for (const socket of sockets) socket.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }

  wss.on('connection', (socket) => {
    connectionCount++
    sockets.add(socket)
    socket.on('close', (code, reason) => {
      server.closes.push({ code, reason: reason.toString() })
      sockets.delete(socket)
      visitorOf.delete(socket)
    })
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as VisitorClientFrame
      server.received.push(frame)
      const schema = visitorClientFrames[frame.type]
      if (!schema || !Check(schema, frame)) {
        server.invalid.push(frame)
        const clientId = 'clientId' in frame ? frame.clientId : undefined
        return sendTo(socket, {
          type: 'error',
          code: 'invalid_frame',
          message: errors.invalid_frame.message,
          ...(clientId && { clientId }),
        })
      }
      const visitor = visitorOf.get(socket)
      if (frame.type === 'hello') {
        if (!server.sites.has(frame.site)) return socket.close(errors.unknown_site.close, 'unknown_site')
        if (server.refuseHello) return socket.close(errors.handshake_timeout.close, 'handshake_timeout')
        let known = frame.token === undefined ? undefined : server.visitors.get(frame.token)
        if (!known) {
          const id = `v${++visitorCount}`
          known = { id, token: `token-${id}`, conversationId: null, messages: [] }
          server.visitors.set(known.token, known)
        }
        visitorOf.set(socket, known)
        sendTo(socket, {
          type: 'welcome',
          visitorId: known.id,
          token: known.token,
          conversationId: known.conversationId,
          lastSeq: known.messages.length,
          idleAfter: server.idleAfter,
        })
        for (const message of known.messages.slice(frame.lastSeq ?? 0)) sendTo(socket, { type: 'message', message })
        return
      }
      if (!visitor) return socket.close(4000, 'handshake_required')
      if (frame.type === 'identify') {
        visitor.identity = frame
        return
      }
      // Signals, pongs, pagehide and freeze only matter to tests, which read them in `received`.
      if (frame.type !== 'message.send') return
      if (server.rateLimitNext > 0) {
        server.rateLimitNext--
        return sendTo(socket, { type: 'error', code: 'rate_limited', message: errors.rate_limited.message, clientId: frame.clientId })
      }
      if (server.refuseNext > 0) {
        server.refuseNext--
        return sendTo(socket, { type: 'error', code: 'invalid_frame', message: errors.invalid_frame.message, clientId: frame.clientId })
      }
      if (server.onSend === 'ignore') return
      let message = visitor.messages.find((held) => held.clientId === frame.clientId)
      if (!message) {
        message = store(visitor, { author: 'visitor', authorName: null, text: frame.text, clientId: frame.clientId })
        for (const other of socketsOf(visitor)) {
          if (other !== socket) sendTo(other, { type: 'message', message })
        }
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
