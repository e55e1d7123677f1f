import { errors } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import type { Beating } from './heartbeat.js'
import { frameParser } from './frame-parser.js'
import { Liveness } from './liveness.js'
import { closeSocket, sendFrame } from './send-frame.js'

/** Agents send nothing on their socket yet: every frame is answered with a coded error. */
const parseFrame = frameParser<never>({})

/** What an agent connection needs from the server around it. */
export interface AgentContext {
  log: FastifyBaseLogger
  /** Bytes the socket may leave unread before it is cut off. */
  sendBufferBytes: number
  /** Whether the agent session behind a socket is still valid (not signed out, expired or revoked). */
  sessionIsValid(sessionId: string): Promise<boolean>
}

/**
 * One inbox socket: it receives the live feed while its agent session lasts. Each heartbeat round it
 * checks that the other end answers and that the session is still valid, so that a socket never
 * outlives its session by more than an interval, whoever ended it (another node, a password reset); a
 * sign-out on this server ends it at once (see {@link end}).
 */
export class AgentConnection implements Beating {
  readonly socket: WebSocket
  /** The stored hash of the session token the socket was opened with. */
  readonly sessionId: string
  readonly #liveness: Liveness
  readonly #context: AgentContext
  #checking = false

  constructor(socket: WebSocket, sessionId: string, context: AgentContext) {
    this.socket = socket
    this.sessionId = sessionId
    this.#context = context
    this.#liveness = new Liveness(socket)
    socket.on('message', (data, isBinary) => {
      try {
        const parsed = parseFrame(data, isBinary)
        if (!parsed.ok) this.send({ type: 'error', code: parsed.code, message: parsed.message })
      } catch (error) {
        context.log.error({ err: error }, 'agent socket failed; closing it')
        closeSocket(socket, errors.internal_error.close, 'internal_error')
      }
    })
  }

  /** Sends a frame (or an encoded one); a socket that does not read is cut off. */
  send(frame: object | string): void {
    sendFrame(this.socket, frame, this.#context.sendBufferBytes)
  }

  /** The session ended: the socket goes with it. */
  end(): void {
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
