import { errors, type HelloFrame, type VisitorClientFrame, type VisitorServerFrame } from '@porchlight/protocol'
import type { ConnectionStatus } from './connection-status.js'

/** What a {@link Connection} needs from the client around it. */
export interface ConnectionOptions {
  /** The visitor socket's URL (`ws:` or `wss:`). */
  url: string
  /** The handshake for a new socket, built when it opens so that it carries the latest token and seq. */
  hello(): HelloFrame
  onFrame(frame: VisitorServerFrame): void
  onStatus(status: ConnectionStatus): void
  /** The server refused the site: the connection is closed for good. */
  onUnknownSite(reason: string): void
  /** How long to wait before reconnection attempt `attempt` (0 right after a loss). */
  reconnectDelay(attempt: number): number
}

/** The visitor socket, kept open across network loss and server restarts. */
export interface Connection {
  /** Sends a frame once the server has welcomed this socket; `false` when there is none such. */
  send(frame: VisitorClientFrame): boolean
  close(): void
}

/**
 * Opens the socket at once and reopens it whenever it closes, after {@link ConnectionOptions.reconnectDelay}.
 * The back-off only restarts on a welcome, not on a bare `open`: a server that accepts sockets and drops
 * them before the handshake must not be hammered.
 */
export function createConnection(options: ConnectionOptions): Connection {
  let socket: WebSocket | undefined
  let welcomed = false
  let everWelcomed = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const setStatus = (status: ConnectionStatus) => options.onStatus(status)

  const open = () => {
    clearTimeout(timer)
    timer = undefined
    const ws = new WebSocket(options.url)
    socket = ws
    ws.onopen = () => ws.send(JSON.stringify(options.hello()))
    ws.onmessage = (event: MessageEvent) => {
      // A socket being closed (by close() or a replacement) may still deliver frames: nobody wants them.
      if (socket !== ws) return
      let frame: VisitorServerFrame
      try {
        frame = JSON.parse(String(event.data)) as VisitorServerFrame
      } catch {
        return
      }
      if (frame.type === 'welcome') {
        welcomed = everWelcomed = true
        attempt = 0
        setStatus('connected')
      }
      options.onFrame(frame)
    }
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return
      socket = undefined
      welcomed = false
      if (closed) return
      if (event.code === errors.unknown_site.close) {
        stop()
        options.onUnknownSite(event.reason || errors.unknown_site.message)
        return
      }
      setStatus(everWelcomed ? 'reconnecting' : 'connecting')
      timer = setTimeout(open, options.reconnectDelay(attempt++))
    }
  }

  // Skips the back-off wait, unless a socket is already open or opening.
  const reconnectNow = () => {
    if (!closed && !socket) open()
  }

  const stop = () => {
    closed = true
    clearTimeout(timer)
    removeEventListener('online', reconnectNow)
    const ws = socket
    socket = undefined
    ws?.close(1000)
    setStatus('closed')
  }

  // A browser back online can reach the server right away: waiting out a back-off of up to 30 s
  // would leave the visitor looking at a dead chat.
  addEventListener('online', reconnectNow)
  open()

  return {
    send(frame) {
      if (!socket || !welcomed) return false
      socket.send(JSON.stringify(frame))
      return true
    },
    close: stop,
  }
}
