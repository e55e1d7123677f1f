import type { AgentClientFrame, AgentServerFrame } from '@porchlight/protocol'
import { errors } from '@porchlight/protocol'
import { reconnectDelay } from './backoff.js'
import { watchSilence, type SilenceWatchdog } from './silence-watchdog.js'

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
 * when the tab becomes visible, and anew when the browser comes back `online`. A socket that falls
 * silent is given up and reopened the same way: the server sends a `ping` every heartbeat interval (its
 * `welcome` says how often), so nothing heard for two and a half intervals means the socket died
 * without closing, which a page would otherwise not notice until the browser goes offline and back.
 * `welcome` and `ping` are this module's: they do not reach `onFrame`.
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
  let watchdog: SilenceWatchdog | undefined
  let open = false
  let everOpened = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  /** The server's heartbeat interval, from the last `welcome`: the next sockets are watched with it from the start. */
  let heartbeatInterval: number | undefined

  /** Lets go of the current socket, closing it with `reason`: its events are ignored from now on. */
  const release = (reason?: string) => {
    const ws = socket
    socket = undefined
    open = false
    watchdog?.stop()
    watchdog = undefined
    if (reason) ws?.close(1000, reason)
    return ws
  }

  const retry = () => {
    options.onStatus(everOpened ? 'reconnecting' : 'connecting')
    timer = setTimeout(connect, delay(attempt++))
  }

  const connect = () => {
    clearTimeout(timer)
    timer = undefined
    const ws = new WebSocket(url)
    socket = ws
    let opened = false
    // A socket that never opens is watched too: a connection attempt can hang as silently as a socket.
    const dog = (watchdog = watchSilence(heartbeatInterval, () => {
      if (socket !== ws) return
      release('silent')
      retry()
    }))
    ws.onopen = () => {
      if (socket !== ws) return
      dog.heard()
      opened = open = true
      attempt = 0
      options.onStatus('connected')
      options.onOpen(everOpened)
      everOpened = true
    }
    ws.onmessage = (event: MessageEvent) => {
      if (socket !== ws) return
      dog.heard()
      let frame: AgentServerFrame
      try {
        frame = JSON.parse(String(event.data)) as AgentServerFrame
      } catch {
        return
      }
      if (frame.type === 'ping') return
      if (frame.type === 'welcome') {
        heartbeatInterval = frame.heartbeatInterval
        dog.heartbeat(frame.heartbeatInterval)
        return
      }
      options.onFrame(frame)
    }
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return
      release()
      if (closed) return
      if (event.code === errors.session_ended.close) {
        stop()
        options.onSessionEnded()
        return
      }
      if (!opened) options.onRefused()
      retry()
    }
  }

  // The tab is back: a backed-off wait (stretched by the throttled timers of a background tab) would
  // only delay the inbox catching up.
  const onVisibility = () => {
    if (!closed && !socket && document.visibilityState === 'visible') connect()
  }
  // The network is back: a socket that looks open may have died silently while it was gone, so start
  // afresh at once rather than wait for the silence to show, and reload what may be missed.
  const onOnline = () => {
    if (closed) return
    if (release('network back')) options.onStatus('reconnecting')
    connect()
  }
  window.addEventListener('online', onOnline)
  document.addEventListener('visibilitychange', onVisibility)

  const stop = () => {
    closed = true
    clearTimeout(timer)
    window.removeEventListener('online', onOnline)
    document.removeEventListener('visibilitychange', onVisibility)
    release('closed')
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
