import type { PingFrame } from '@porchlight/protocol'
import type { WebSocket } from 'ws'

/** What a heartbeat round found: the other end answered, is gone, or answers but its page does not. */
export type LivenessVerdict = 'alive' | 'dead' | 'frozen'

/** The application ping, encoded once for every connection and round. */
const applicationPing = JSON.stringify({ type: 'ping' } satisfies PingFrame)

/**
 * Whether the other end of a socket is still there, round by round of the {@link Heartbeat}: a protocol
 * ping each round proves the connection to the server, and an application ping (a `ping` frame) proves
 * it to the other end, whose JavaScript cannot see protocol pings. Where the other end answers the
 * application ping from its own code (a visitor's page), the answer proves that the page runs too. Shared
 * by every kind of socket; the socket's owner calls {@link beat} each round and acts on the verdict.
 *
 * Two missed application pings, not one, make a frozen page: a network that stalls just after answering
 * a protocol ping looks like that for one round; by the next it has missed a protocol ping too and ends
 * as dead, never as frozen.
 *
 * @example
 * ```ts
 * const liveness = new Liveness(socket, { answered: false })
 * heartbeat.add({ beat: () => liveness.beat() === 'dead' && socket.terminate() })
 * ```
 */
export class Liveness {
  readonly #socket: WebSocket
  /** Whether the other end answers the application ping (`pong`), so that a missed answer means a frozen page. */
  readonly #answered: boolean
  /** The last round's protocol ping is unanswered. */
  #awaitingPong = false
  /** The last round's application ping is unanswered. */
  #awaitingApplicationPong = false
  /** Application pings missed in a row while protocol pings were answered. */
  #missedApplicationPings = 0

  /** `answered`: the other end answers each application ping with a `pong` (see {@link applicationPong}). */
  constructor(socket: WebSocket, options: { answered: boolean }) {
    this.#socket = socket
    this.#answered = options.answered
    socket.on('pong', () => {
      this.#awaitingPong = false
    })
  }

  /**
   * One round: judges the last one (`dead` when its protocol ping went unanswered; `frozen` on the
   * second answered application ping missed in a row) and, unless dead, pings again both ways.
   */
  beat(): LivenessVerdict {
    if (this.#awaitingPong) return 'dead'
    const frozen = this.#awaitingApplicationPong && ++this.#missedApplicationPings === 2
    this.#awaitingPong = true
    this.#socket.ping()
    if (this.#socket.readyState === this.#socket.OPEN) {
      this.#awaitingApplicationPong = this.#answered
      this.#socket.send(applicationPing)
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
