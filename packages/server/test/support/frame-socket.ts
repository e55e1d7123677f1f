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

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, options)
    this.socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)))
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

  send(frame: unknown): void {
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

  /** Waits `ms` and returns every frame of this type that arrived (for asserting that none did). */
  async collect(type: string, ms: number): Promise<Array<Record<string, any>>> {
    await new Promise((resolve) => setTimeout(resolve, ms))
    return this.frames.filter((frame) => frame.type === type)
  }

  close(): void {
    this.socket.close()
  }
}

/** Opens a visitor socket and completes the handshake; returns the socket and the welcome frame. */
export async function connectVisitor(
  wsUrl: string,
  hello: { token?: string; lastSeq?: number; site?: string } = {},
): Promise<{ visitor: FrameSocket; welcome: Record<string, any> }> {
  const visitor = new FrameSocket(`${wsUrl}/ws/visitor`)
  await visitor.opened()
  visitor.send({ type: 'hello', site: 'default', ...hello })
  return { visitor, welcome: await visitor.next('welcome') }
}
