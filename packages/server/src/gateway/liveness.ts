import type { WebSocket } from 'ws'

/** What a heartbeat round found: the other end answered, is gone, or answers but its page does not. */
export type LivenessVerdict = 'alive' | 'dead' | 'frozen'

/**
 * Whether the other end of a socket is still there, round by round of the {@link Heartbeat}: a protocol
 * ping each round proves the connection, and an optional application ping (a frame the page answers
 * from its own code) proves the page. Shared by every kind of socket; the socket's owner calls
 * {@link beat} each round and acts on the verdict.
 *
 * Two missed application pings, not one, make a frozen page: a network that stalls just after answering
 * a protocol ping looks like that for one round; by the next it has missed a protocol ping too and ends
 * as dead, never as frozen.
 *
 * @example
 * ```ts
 * const liveness = new Liveness(socket)
 * heartbeat.add({ beat: () => liveness.beat() === 'dead' && socket.terminate() })
 * ```
 */
export class Liveness {
  readonly #socket: WebSocket
  readonly #applicationPing: string | undefined
  /** The last round's protocol ping is unanswered. */
  #awaitingPong = false
  /** The last round's application ping is unanswered. */
  #awaitingApplicationPong = false
  /** Application pings missed in a row while protocol pings were answered. */
  #missedApplicationPings = 0

  /** `applicationPing` is the encoded frame to send each round, if the other end answers one. */
  constructor(socket: WebSocket, applicationPing?: string) {
    this.#socket = socket
    this.#applicationPing = applicationPing
    socket.on('pong', () => {
      this.#awaitingPong = false
    })
  }

  /**
   * One round: judges the last one (`dead` when its protocol ping went unanswered; `frozen` on the
   * second application ping missed in a row) and, unless dead, pings again.
   */
  beat(): LivenessVerdict {
    if (this.#awaitingPong) return 'dead'
    const frozen = this.#awaitingApplicationPong && ++this.#missedApplicationPings === 2
    this.#awaitingPong = true
    this.#socket.ping()
    if (this.#applicationPing !== undefined && this.#socket.readyState === this.#socket.OPEN) {
      this.#awaitingApplicationPong = true
      this.#socket.send(this.#applicationPing)
    }
    return frozen ? 'frozen' : 'alive'
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
