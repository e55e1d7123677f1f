import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startServerProcess, type ServerProcess } from './support/server-process.js'
import { api, login, testPasswordCost } from './support/start-server.js'
import { temporaryDirectories } from './support/temp-dirs.js'

const visitorCount = 4
const socketsPerVisitor = 2
/** Messages each socket keeps unacknowledged at once: below the 64 frames a socket may have queued. */
const window = 48
/** Every so many messages is sent a second time at once, on the visitor's other socket. */
const resendEvery = 4
const rounds = 4
/** New acknowledgements in a round after which the server is killed. */
const acksBeforeCrash = 400

interface Ack {
  id: string
  conversationId: string
  seq: number
}

/** A visitor as the test knows it: every client id it ever sent, and what the server acknowledged. */
class Visitor {
  token: string | undefined
  readonly sent: string[] = []
  readonly acks = new Map<string, Ack>()

  constructor(readonly name: string) {}

  nextClientId(): string {
    const clientId = `${this.name}-${this.sent.length}`
    this.sent.push(clientId)
    return clientId
  }

  get lastAckedSeq(): number {
    return Math.max(0, ...[...this.acks.values()].map((ack) => ack.seq))
  }
}

const textOf = (clientId: string) => `message ${clientId}`

/**
 * A visitor socket that sends messages with at most {@link window} of them unacknowledged (the rest
 * wait their turn), and counts what it is owed: one ack per `message.send`.
 */
class LoadSocket {
  readonly socket: WebSocket
  readonly closed: Promise<void>
  readonly welcomed: Promise<void>
  outstanding = 0
  readonly #waiting: string[] = []
  #drained: Array<() => void> = []

  constructor(
    wsUrl: string,
    readonly visitor: Visitor,
    onAck: (socket: LoadSocket, clientId: string, ack: Ack) => void,
    onProblem: (problem: string) => void,
  ) {
    this.socket = new WebSocket(`${wsUrl}/ws/visitor`)
    this.socket.on('error', () => {})
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()))
    this.welcomed = new Promise((resolve, reject) => {
      this.socket.once('open', () =>
        this.socket.send(JSON.stringify({ type: 'hello', site: 'default', token: visitor.token, lastSeq: visitor.lastAckedSeq })),
      )
      void this.closed.then(() => reject(new Error('closed before the welcome')))
      this.socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString())
        if (frame.type === 'welcome') {
          visitor.token = frame.token
          resolve()
        } else if (frame.type === 'message.ack') {
          this.outstanding--
          onAck(this, frame.clientId, { id: frame.id, conversationId: frame.conversationId, seq: frame.seq })
          this.#flush()
          if (this.outstanding === 0) for (const wake of this.#drained.splice(0)) wake()
        } else if (frame.type === 'error') {
          onProblem(`error frame: ${JSON.stringify(frame)}`)
        }
      })
    })
  }

  /** Messages queued or unacknowledged. */
  get load(): number {
    return this.outstanding + this.#waiting.length
  }

  send(clientId: string): void {
    this.#waiting.push(clientId)
    this.#flush()
  }

  #flush(): void {
    while (this.outstanding < window && this.#waiting.length > 0 && this.socket.readyState === WebSocket.OPEN) {
      const clientId = this.#waiting.shift()!
      this.outstanding++
      this.socket.send(JSON.stringify({ type: 'message.send', clientId, text: textOf(clientId) }))
    }
  }

  /** Resolves once every message sent on this socket is acknowledged; rejects if it closes first. */
  drained(): Promise<void> {
    if (this.load === 0) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.#drained.push(resolve)
      void this.closed.then(() => reject(new Error(`closed with ${this.outstanding} messages unacknowledged`)))
    })
  }
}

const temporaryDirectory = temporaryDirectories('porchlight-crash-')
let server: ServerProcess | undefined
afterEach(async () => {
  await server?.kill()
})

describe('durability under SIGKILL', () => {
  it('keeps every acknowledged message exactly once, numbered without gaps, across crashes under load', { timeout: 60_000 }, async () => {
    const dataDir = temporaryDirectory()
    // Limits high enough that only the crash gets in the way of the load.
    const options = { dataDir, passwordCost: testPasswordCost, rateLimits: { messagesPerSecond: 1_000_000, messageBurst: 1_000_000 } }
    const visitors = Array.from({ length: visitorCount }, (_, i) => new Visitor(`v${i}`))
    const problems: string[] = []

    const record = (visitor: Visitor, clientId: string, ack: Ack) => {
      const before = visitor.acks.get(clientId)
      if (before && (before.id !== ack.id || before.seq !== ack.seq || before.conversationId !== ack.conversationId)) {
        problems.push(`${clientId} was acknowledged as ${JSON.stringify(before)}, then as ${JSON.stringify(ack)}`)
      }
      visitor.acks.set(clientId, ack)
    }

    /** Connects every visitor's sockets (one at a time per visitor, so that the first gets the token). */
    const connect = async (wsUrl: string, onAck: (socket: LoadSocket, clientId: string, ack: Ack) => void) => {
      const sockets: LoadSocket[][] = []
      for (const visitor of visitors) {
        const own: LoadSocket[] = []
        for (let i = 0; i < socketsPerVisitor; i++) {
          const socket = new LoadSocket(wsUrl, visitor, onAck, (problem) => problems.push(problem))
          await socket.welcomed
          own.push(socket)
        }
        sockets.push(own)
      }
      return sockets
    }

    /**
     * Resends every client id each visitor ever sent, acknowledged or not, and waits for every ack: an
     * acknowledged one must come back the same; an unacknowledged one is stored now, or was stored
     * before the crash and its ack lost.
     */
    const resendAll = async (sockets: LoadSocket[][]) => {
      const resent = visitors.map((visitor, v) => {
        const socket = sockets[v]![0]!
        for (const clientId of visitor.sent) socket.send(clientId)
        return socket.drained()
      })
      await Promise.all(resent)
    }

    server = await startServerProcess(options)
    for (let round = 0; round < rounds; round++) {
      let loading = false
      let acked = 0
      let crashing: Promise<void> | undefined
      const pump = (socket: LoadSocket, others: LoadSocket[]) => {
        while (loading && !crashing && socket.load < window) {
          const clientId = socket.visitor.nextClientId()
          socket.send(clientId)
          if (socket.visitor.sent.length % resendEvery === 0) others[socket.visitor.sent.length % others.length]!.send(clientId)
        }
      }
      let sockets: LoadSocket[][] = []
      const onAck = (socket: LoadSocket, clientId: string, ack: Ack) => {
        record(socket.visitor, clientId, ack)
        if (!loading) return
        if (!crashing && ++acked === acksBeforeCrash) crashing = server!.kill()
        pump(socket, sockets[visitors.indexOf(socket.visitor)]!)
      }
      sockets = await connect(server.wsUrl, onAck)
      await resendAll(sockets)
      const pumping = sockets.flat()
      loading = true
      for (const socket of pumping) pump(socket, sockets[visitors.indexOf(socket.visitor)]!)
      await Promise.all(pumping.map((socket) => socket.closed))
      expect(crashing, `round ${round}: the server died before the crash`).toBeDefined()
      await crashing
      server = await startServerProcess(options)
    }

    const sockets = await connect(server.wsUrl, (socket, clientId, ack) => record(socket.visitor, clientId, ack))
    await resendAll(sockets)
    for (const socket of sockets.flat()) socket.socket.close()
    expect(problems).toEqual([])

    const cookie = await login(server.url)
    for (const visitor of visitors) {
      const conversationIds = new Set([...visitor.acks.values()].map((ack) => ack.conversationId))
      expect(conversationIds.size, `${visitor.name} has one conversation`).toBe(1)
      const [conversationId] = conversationIds
      const { body } = await api(server.url, cookie, `/api/conversations/${conversationId}`)
      const messages: Array<{ id: string; seq: number; clientId: string; text: string }> = body.conversation.messages
      expect(messages.map((message) => message.seq)).toEqual(messages.map((_, i) => i + 1))
      expect(body.conversation.lastSeq).toBe(messages.length)
      expect(messages.map((message) => message.clientId).sort()).toEqual([...visitor.sent].sort())
      for (const message of messages) {
        expect(message.text).toBe(textOf(message.clientId))
        expect(visitor.acks.get(message.clientId)).toEqual({ id: message.id, conversationId, seq: message.seq })
      }
    }
    const sent = visitors.reduce((sum, visitor) => sum + visitor.sent.length, 0)
    expect(sent).toBeGreaterThan(rounds * acksBeforeCrash)
  })
})
