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
  /** The server refused the site, or the page's origin for it: the connection is closed for good. */
  onRefused(code: 'unknown_site' | 'origin_not_allowed'): void
  /** How long to wait before reconnection attempt `attempt` (0 right after a loss). */
  reconnectDelay(attempt: number): number
  /** Open no socket until {@link Connection.reconnect}: the client has something to settle first. */
  paused?: boolean
}

/** The visitor socket, kept open across network loss and server restarts. */
export interface Connection {
  /** Sends a frame once the server has welcomed this socket; `false` when there is none such. */
  send(frame: VisitorClientFrame): boolean
  /**
   * Opens a socket at once, skipping the back-off wait, unless one is open or opening; ends a
   * {@link pause}. For moments when the network is likely back: `online`, `pageshow`, a visible tab.
   */
  reconnect(): void
  /**
   * Closes the socket with code 1000 and `reason`, and opens none until {@link reconnect}: the page is
   * going away (`pagehide`), and a socket it opened now would die with it or in the back/forward cache.
   */
  pause(reason: string): void
  /** Closes the socket with code 1000 and `reason` for good. */
  close(reason?: string): void
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
      const refusal =
        event.code === errors.unknown_site.close
          ? 'unknown_site'
          : event.code === errors.origin_not_allowed.close
            ? 'origin_not_allowed'
            : 0
      if (refusal) {
        stop()
        options.onRefused(refusal)
        return
      }
      setStatus(everWelcomed ? 'reconnecting' : 'connecting')
      timer = setTimeout(open, options.reconnectDelay(attempt++))
    }
  }

  // Closes the socket ourselves: its close event is ignored (it is no longer `socket`), so nothing
  // schedules a reconnection.
  const drop = (reason?: string) => {
    clearTimeout(timer)
    const ws = socket
    socket = undefined
    welcomed = false
    ws?.close(1000, reason)
  }

  const stop = (reason?: string) => {
    closed = true
    drop(reason)
    setStatus('closed')
  }

  if (!options.paused) open()

  return {
    send(frame) {
      if (!socket || !welcomed) return false
      socket.send(JSON.stringify(frame))
      return true
    },
    reconnect() {
      if (!closed && !socket) open()
    },
    pause(reason) {
      if (closed) return
      drop(reason)
      setStatus(everWelcomed ? 'reconnecting' : 'connecting')
    },
    close: stop,
  }
}
