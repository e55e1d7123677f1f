import { agentClientFrames, errors, type AgentClientFrame, type ErrorCode } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { Beating } from './heartbeat.js'
import { frameParser } from './frame-parser.js'
import { Liveness } from './liveness.js'
import { closeSocket, sendFrame } from './send-frame.js'
import type { TokenBucket } from './token-bucket.js'

/** Agents act over REST; on their socket they report how far they have read, what they type and view, and that they are there. */
const parseFrame = frameParser<AgentClientFrame>(agentClientFrames)

/** What an agent connection needs from the server around it. */
export interface AgentContext {
  log: FastifyBaseLogger
  /** Bytes the socket may leave unread before it is cut off. */
  sendBufferBytes: number
  /** Whether the agent session behind a socket is still valid (not signed out, expired or revoked). */
  sessionIsValid(sessionId: string): Promise<boolean>
  /** Handles a frame the agent sent on this socket; throws a {@link PorchlightError} to answer with. */
  receive(agent: AgentConnection, frame: AgentClientFrame): Promise<unknown>
  /** A new budget for the frames one socket may send. */
  frameBudget(): TokenBucket
}

/**
 * One inbox socket: it receives the live feed while its agent session lasts. Each heartbeat round it
 * pings the other end (a protocol ping, and a `ping` frame the inbox's code can see), checks that it
 * answered the last protocol ping and that the session is still valid, so that a socket never outlives
 * its session by more than an interval, whoever ended it (another node, a password reset); a sign-out on
 * this server ends it at once (see {@link end}).
 */
export class AgentConnection implements Beating {
  readonly socket: WebSocket
  /** The stored hash of the session token the socket was opened with. */
  readonly sessionId: string
  /** The agent's id. */
  readonly id: string
  /** The agent's name: set when the socket opens, and again when the agent is renamed. */
  name: string
  readonly #liveness: Liveness
  readonly #budget: TokenBucket
  readonly #context: AgentContext
  #checking = false
  #ended = false

  constructor(socket: WebSocket, sessionId: string, agent: { id: string; name: string }, context: AgentContext) {
    this.socket = socket
    this.sessionId = sessionId
    this.id = agent.id
    this.name = agent.name
    this.#context = context
    // The inbox hears a `ping` each round: silence tells it the socket died, which it could not see otherwise.
    this.#liveness = new Liveness(socket, { answered: false })
    this.#budget = context.frameBudget()
    socket.on('message', (data, isBinary) => {
      try {
        this.#receive(data, isBinary)
      } catch (error) {
        this.#crashed(error)
      }
    })
  }

  #receive(data: unknown, isBinary: boolean): void {
    const parsed = parseFrame(data, isBinary)
    if (!parsed.ok) return this.#error(parsed.code, parsed.message)
    if (!this.#budget.take()) return this.#error('rate_limited', errors.rate_limited.message)
    // Reads only move forward, activity only counts and a later `viewing` wins over an earlier one: each
    // frame runs on its own.
    this.#context.receive(this, parsed.frame).catch((error: unknown) => {
      if (error instanceof PorchlightError) this.#error(error.code, error.message)
      else this.#crashed(error)
    })
  }

  #error(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message })
  }

  #crashed(error: unknown): void {
    this.#context.log.error({ err: error }, 'agent socket failed; closing it')
    closeSocket(this.socket, errors.internal_error.close, 'internal_error')
  }

  /** Sends a frame (or an encoded one); a socket that does not read is cut off. */
  send(frame: object | string): void {
    sendFrame(this.socket, frame, this.#context.sendBufferBytes)
  }

  /** Whether the socket was closed because its session ended (no reconnection will follow). */
  get ended(): boolean {
    return this.#ended
  }

  /** The session ended: the socket goes with it. */
  end(): void {
    this.#ended = true
    closeSocket(this.socket, errors.session_ended.close, 'session_ended')
  }

  beat(): void {
    if (this.#liveness.beat() === 'dead') return this.socket.terminate()
    if (this.#checking) return
    this.#checking = true
    this.#context
      .sessionIsValid(this.sessionId)
      .then(
        (valid) => valid || this.end(),
        (error: unknown) => this.#context.log.warn({ err: error }, 'could not check an agent session'),
      )
      .finally(() => (this.#checking = false))
  }
}
