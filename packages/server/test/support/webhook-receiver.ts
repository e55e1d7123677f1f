import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got, with its raw body. */
export interface ReceivedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A real HTTP server on an ephemeral loopback port that takes webhooks: it keeps every request in order,
 * answers each with the next status queued by {@link answer} (200 once they run out; `silence` answers
 * nothing, a 3xx redirects to `/redirected`), and lets a test wait for the next request instead of sleeping.
 */
export class WebhookReceiver {
  readonly url: string
  readonly received: ReceivedRequest[] = []
  readonly #server: Server
  readonly #statuses: Array<number | 'silence'> = []
  #read = 0
  #waiters: Array<() => void> = []

  private constructor(server: Server) {
    this.#server = server
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    server.on('request', (request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        this.received.push({ method: request.method!, path: request.url!, headers: request.headers, body })
        const status = this.#statuses.shift() ?? 200
        if (status !== 'silence') {
          response
            .writeHead(status, { 'content-type': 'text/plain', ...(status >= 300 && status < 400 && { location: '/redirected' }) })
            .end('thanks')
        }
        for (const wake of this.#waiters.splice(0)) wake()
      })
    })
  }

  static async start(): Promise<WebhookReceiver> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return new WebhookReceiver(server)
  }

  /** Answers the next requests with these statuses, in order. */
  answer(...statuses: Array<number | 'silence'>): void {
    this.#statuses.push(...statuses)
  }

  /** The next request not yet returned by `next`, waiting up to `timeout` ms for it. */
  async next(timeout = 5000): Promise<ReceivedRequest> {
    const deadline = Date.now() + timeout
    while (this.#read >= this.received.length) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error(`no webhook request within ${timeout} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return this.received[this.#read++]!
  }

  /** The next requests up to and including the first whose body has this `type`. */
  async until(type: string, timeout = 5000): Promise<ReceivedRequest[]> {
    const seen: ReceivedRequest[] = []
    for (;;) {
      const request = await this.next(timeout)
      seen.push(request)
      if (JSON.parse(request.body).type === type) return seen
    }
  }

  close(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }
}
