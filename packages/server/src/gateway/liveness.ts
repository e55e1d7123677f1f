import type { WebSocket } from 'ws'
import type { Beating } from './heartbeat.js'

/** What a {@link Liveness} reports about its socket. */
export interface LivenessEvents {
  /** The protocol ping of the last round went unanswered: the connection is gone. */
  dead(): void
  /**
   * The socket answers protocol pings (the browser's network stack) but missed two application pings
   * in a row: the page's JavaScript is not running. Only with an application ping.
   */
  frozen?(): void
}

/**
 * Whether the other end of a socket is still there, round by round of the {@link Heartbeat}: a protocol
 * ping each round proves the connection, and an optional application ping (a frame the page answers
 * from its own code) proves the page. Shared by every kind of socket.
 *
 * Two missed application pings, not one, make a frozen page: a network that stalls just after answering
 * a protocol ping looks like that for one round; by the next it has missed a protocol ping too and ends
 * as dead, never as frozen.
 *
 * @example
 * ```ts
 * const liveness = new Liveness(socket, { dead: () => socket.terminate() })
 * heartbeat.add(liveness)
 * ```
 */
export class Liveness implements Beating {
  readonly #socket: WebSocket
  readonly #events: LivenessEvents
  readonly #applicationPing: string | undefined
  /** The last round's protocol ping is unanswered. */
  #awaitingPong = false
  /** The last round's application ping is unanswered. */
  #awaitingApplicationPong = false
  /** Application pings missed in a row while protocol pings were answered. */
  #missedApplicationPings = 0

  /** `applicationPing` is the encoded frame to send each round, if the other end answers one. */
  constructor(socket: WebSocket, events: LivenessEvents, applicationPing?: string) {
    this.#socket = socket
    this.#events = events
    this.#applicationPing = applicationPing
    socket.on('pong', () => {
      this.#awaitingPong = false
    })
  }

  beat(): void {
    if (this.#awaitingPong) return this.#events.dead()
    if (this.#awaitingApplicationPong && ++this.#missedApplicationPings === 2) this.#events.frozen?.()
    this.#awaitingPong = true
    this.#socket.ping()
    if (this.#applicationPing === undefined || this.#socket.readyState !== this.#socket.OPEN) return
    this.#awaitingApplicationPong = true
    this.#socket.send(this.#applicationPing)
  }

  /**
   * The page answered the application ping. Returns false for an answer nobody asked for (only an
   * awaited answer counts, so a page cannot flood the server with them).
   */
  applicationPong(): boolean {
    if (!this.#awaitingApplicationPong) return false
    this.#awaitingApplicationPong = false
    this.#missedApplicationPings = 0
    return true
  }
}
