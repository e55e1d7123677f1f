import { connect, createServer, type Socket } from 'node:net'

/** A TCP proxy in front of a server, whose WebSocket connections can be made to die silently. */
export interface FreezableProxy {
  /** `http://127.0.0.1:<port>`: the proxy's own address. */
  url: string
  /**
   * Stops carrying bytes on every WebSocket connection open now, both ways, without closing either end,
   * as a NAT that forgot them does: the browser's socket stays open and hears nothing more, and an end
   * the server closes is not told on. New connections go through as before.
   */
  freezeWebSockets(): number
  close(): Promise<void>
}

/** A client connection and its upstream twin. */
interface Link {
  client: Socket
  upstream: Socket
  webSocket: boolean
  frozen: boolean
}

/**
 * Starts a proxy on a free loopback port that forwards every connection to `target` (`host:port`).
 * Which connections are WebSockets it tells from their first bytes (an upgrade request).
 *
 * @example
 * ```ts
 * const proxy = await startFreezableProxy(new URL(server.url).host)
 * await page.goto(`${proxy.url}/inbox`)
 * proxy.freezeWebSockets()
 * ```
 */
export async function startFreezableProxy(target: string): Promise<FreezableProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))]
  const links = new Set<Link>()
  const server = createServer((client) => {
    const link: Link = { client, upstream: connect(port, host), webSocket: false, frozen: false }
    links.add(link)
    let first = true
    client.on('data', (data) => {
      if (first) link.webSocket = /^upgrade:\s*websocket/im.test(String(data))
      first = false
      if (!link.frozen) link.upstream.write(data)
    })
    link.upstream.on('data', (data) => link.frozen || client.write(data))
    const end = () => {
      if (link.frozen) return
      links.delete(link)
      client.destroy()
      link.upstream.destroy()
    }
    for (const socket of [client, link.upstream]) socket.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port: own } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${own}`,
    freezeWebSockets() {
      let frozen = 0
      for (const link of links) {
        if (!link.webSocket || link.frozen) continue
        link.frozen = true
        // Read nothing more either: bytes the browser sends pile up in its own buffers, as on a dead path.
        link.client.pause()
        link.upstream.pause()
        frozen++
      }
      return frozen
    },
    async close() {
      for (const { client, upstream } of links) {
        client.destroy()
        upstream.destroy()
      }
      links.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
