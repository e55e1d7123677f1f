import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

/**
 * Request logging that does not drown the lines that matter: no line when a request arrives, and one
 * at `debug` when it is answered (Fastify's default is two at `info` for every request). Failures stay
 * visible: the error handler logs every 5xx at `error`, and a reply that fails to send is an `error`
 * here. Routes may lower their own logging further (`/healthz` logs nothing below `warn`).
 *
 * @example
 * ```ts
 * const app = Fastify({ logger: true, logController: new RequestLog() })
 * ```
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      super.requestCompleted(error, request, reply)
      return
    }
    reply.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}
