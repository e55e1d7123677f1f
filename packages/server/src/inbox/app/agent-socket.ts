import type { AgentClientFrame, AgentServerFrame } from '@porchlight/protocol'
import { errors } from '@porchlight/protocol'
import { reconnectDelay } from './backoff.js'

/** Whether the inbox is live: `connecting` before the first socket opens, `reconnecting` after a loss. */
export type SocketStatus = 'connecting' | 'connected' | 'reconnecting'

/** What an {@link AgentSocket} tells the inbox. */
export interface AgentSocketOptions {
  onFrame(frame: AgentServerFrame): void
  onStatus(status: SocketStatus): void
  /** A socket opened: after a loss (`reconnected`), the inbox reloads what it may have missed. */
  onOpen(reconnected: boolean): void
  /** The server ended the session (4401 `session_ended`): signed out, expired, disabled or forced out. */
  onSessionEnded(): void
  /**
   * A socket closed without ever opening: the server is down, or it refused the upgrade (an expired
   * session gets a plain 401, which a browser does not tell apart); the inbox asks the REST API which.
   */
  onRefused(): void
  /** Wait before attempt `attempt` (0 right after a loss); the default is full jitter up to 30 s. */
  reconnectDelay?: (attempt: number) => number
}

/** The agent socket, kept open across network loss and server restarts. */
export interface AgentSocket {
  /** Sends a frame if the socket is open; `false` when it is not (the caller decides whether that matters). */
  send(frame: AgentClientFrame): boolean
  /** Closes the socket for good and stops listening to the page. */
  close(): void
}

/**
 * Opens `/ws/agent` on this page's origin and reopens it whenever it closes, with back-off; at once
 * when the tab becomes visible, and anew when the browser comes back `online`.
 *
 * @example
 * ```ts
 * const socket = connectAgentSocket({ onFrame: store.apply, onStatus, onOpen: (again) => again && store.reload(), ... })
 * socket.send({ type: 'activity' })
 * ```
 */
export function connectAgentSocket(options: AgentSocketOptions): AgentSocket {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/agent`
  const delay = options.reconnectDelay ?? ((attempt: number) => reconnectDelay(attempt))
  let socket: WebSocket | undefined
  let open = false
  let everOpened = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const connect = () => {
    clearTimeout(timer)
    timer = undefined
    const ws = new WebSocket(url)
    socket = ws
    let opened = false
    ws.onopen = () => {
      if (socket !== ws) return
      opened = open = true
      attempt = 0
      options.onStatus('connected')
      options.onOpen(everOpened)
      everOpened = true
    }
    ws.onmessage = (event: MessageEvent) => {
      if (socket !== ws) return
      let frame: AgentServerFrame
      try {
        frame = JSON.parse(String(event.data)) as AgentServerFrame
      } catch {
        return
      }
      options.onFrame(frame)
    }
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return
      socket = undefined
      open = false
      if (closed) return
      if (event.code === errors.session_ended.close) {
        stop()
        options.onSessionEnded()
        return
      }
      if (!opened) options.onRefused()
      options.onStatus(everOpened ? 'reconnecting' : 'connecting')
      timer = setTimeout(connect, delay(attempt++))
    }
  }

  // The tab is back: a backed-off wait (stretched by the throttled timers of a background tab) would
  // only delay the inbox catching up.
  const onVisibility = () => {
    if (!closed && !socket && document.visibilityState === 'visible') connect()
  }
  // The network is back: a socket that looks open may have died silently while it was gone (the
  // server's protocol pings are invisible to a page), so start afresh, and reload what may be missed.
  const onOnline = () => {
    if (closed) return
    const stale = socket
    socket = undefined
    stale?.close(1000, 'network back')
    if (stale) options.onStatus('reconnecting')
    connect()
  }
  window.addEventListener('online', onOnline)
  document.addEventListener('visibilitychange', onVisibility)

  const stop = () => {
    closed = true
    clearTimeout(timer)
    window.removeEventListener('online', onOnline)
    document.removeEventListener('visibilitychange', onVisibility)
    const ws = socket
    socket = undefined
    ws?.close(1000, 'closed')
  }

  connect()
  return {
    send(frame) {
      if (!socket || !open) return false
      socket.send(JSON.stringify(frame))
      return true
    },
    close: stop,
  }
}
