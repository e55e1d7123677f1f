import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'

/**
 * A real WebSocket client for tests that reads frames as a queue: `next(type)` waits for the next frame
 * of that type (frames of other types are kept for later calls), and `closed` resolves with the close code.
 */
export class FrameSocket {
  readonly socket: WebSocket
  readonly frames: Array<Record<string, any>> = []
  readonly closed: Promise<{ code: number; reason: string }>
  #waiters: Array<() => void> = []
  /** Set: answer application pings like a live page, with these signals (updated by `signals` frames sent). */
  #signals: Record<string, boolean> | undefined

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, options)
    // Text frames: the server sends nothing else.
    this.socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString())
      if (frame.type === 'ping' && this.#signals) this.send({ type: 'pong', ...this.#signals })
      this.frames.push(frame)
      for (const wake of this.#waiters.splice(0)) wake()
    })
    this.closed = new Promise((resolve) =>
      this.socket.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) })
        for (const wake of this.#waiters.splice(0)) wake()
      }),
    )
    this.socket.on('error', () => {})
  }

  opened(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return Promise.resolve()
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve())
      this.socket.once('error', reject)
      this.socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)))
    })
  }

  /** Answers every application ping from now on, as a page whose JavaScript runs does. */
  answerPings(signals: Record<string, boolean>): void {
    this.#signals = signals
  }

  send(frame: unknown): void {
    if (this.#signals && typeof frame === 'object' && (frame as { type?: string }).type === 'signals') {
      const { type: _type, ...signals } = frame as Record<string, boolean>
      this.#signals = signals
    }
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }

  /** The next frame of this type, waiting up to `timeout` ms. */
  async next(type: string, timeout = 5000): Promise<Record<string, any>> {
    const deadline = Date.now() + timeout
    for (;;) {
      const index = this.frames.findIndex((frame) => frame.type === type)
      if (index >= 0) return this.frames.splice(index, 1)[0]!
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for "${type}"`)
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error(`no "${type}" frame within ${timeout} ms; got ${JSON.stringify(this.frames)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** The next frame of this type for which `matches` holds, waiting up to `timeout` ms. */
  async nextWhere(type: string, matches: (frame: Record<string, any>) => boolean, timeout = 5000): Promise<Record<string, any>> {
    const deadline = Date.now() + timeout
    for (;;) {
      const frame = await this.next(type, Math.max(1, deadline - Date.now()))
      if (matches(frame)) return frame
    }
  }

  /**
   * Every frame of this type up to and including the first for which `matches` holds, in order, waiting
   * up to `timeout` ms for it. Nothing is dropped on the way, so a frame that must not come before a
   * later one (a sentinel) can be looked for in the result.
   */
  async until(type: string, matches: (frame: Record<string, any>) => boolean, timeout = 5000): Promise<Array<Record<string, any>>> {
    const deadline = Date.now() + timeout
    const seen: Array<Record<string, any>> = []
    for (;;) {
      const frame = await this.next(type, Math.max(1, deadline - Date.now()))
      seen.push(frame)
      if (matches(frame)) return seen
    }
  }

  /**
   * A round trip: a WebSocket ping, resolved by its pong. The server answers a ping as soon as it reads
   * it, behind every frame it wrote to this socket before, so once this resolves every frame the server
   * had sent by then has arrived. To prove that a frame did not come, make the barrier start after the
   * moment the server would have sent it, then look with {@link received}.
   */
  async barrier(timeout = 5000): Promise<void> {
    const payload = Buffer.from(randomUUID())
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no pong within ${timeout} ms`)), timeout)
      const onPong = (data: Buffer) => data.equals(payload) && done()
      const onClose = () => done(new Error('socket closed before the pong'))
      const done = (error?: Error) => {
        clearTimeout(timer)
        this.socket.off('pong', onPong).off('close', onClose)
        if (error) reject(error)
        else resolve()
      }
      this.socket.on('pong', onPong).on('close', onClose)
      this.socket.ping(payload)
    })
  }

  /** The frames of this type that have arrived and that no `next` took, without waiting (see {@link barrier}). */
  received(type: string): Array<Record<string, any>> {
    return this.frames.filter((frame) => frame.type === type)
  }

  close(): void {
    this.socket.close()
  }
}

/**
 * Opens a visitor socket and completes the handshake; returns the socket and the welcome frame. The
 * socket answers application pings like a live page unless `answerPings` is false.
 */
export async function connectVisitor(
  wsUrl: string,
  hello: {
    token?: string
    lastSeq?: number
    site?: string
    url?: string
    language?: string
    timeZone?: string
    signals?: Record<string, boolean>
  } = {},
  options: WebSocket.ClientOptions & { answerPings?: boolean } = {},
): Promise<{ visitor: FrameSocket; welcome: Record<string, any> }> {
  const { answerPings = true, ...socketOptions } = options
  const visitor = new FrameSocket(`${wsUrl}/ws/visitor`, socketOptions)
  if (answerPings) visitor.answerPings(hello.signals ?? { visible: true, focused: false, widgetOpen: false, idle: false })
  await visitor.opened()
  visitor.send({ type: 'hello', site: 'default', ...hello })
  return { visitor, welcome: await visitor.next('welcome') }
}

/** Opens an agent socket with the session cookie (from `login`) and waits until it is open. */
export async function connectAgent(wsUrl: string, cookie: string): Promise<FrameSocket> {
  const agent = new FrameSocket(`${wsUrl}/ws/agent`, { headers: { cookie } })
  await agent.opened()
  return agent
}
