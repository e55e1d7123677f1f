import type { FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'

/**
 * What @fastify/websocket calls when a socket emits an error. A client that breaks the protocol (a
 * frame over the size limit, text that is not UTF-8) is its own problem, and `ws` has already closed
 * the socket with the standard code (1009, 1007): that is logged below error and without a stack, so a
 * client cannot fill the error log. Anything else is the server's problem: logged as an error, and the
 * socket is dropped.
 */
export function socketErrorHandler(error: Error & { code?: string }, socket: WebSocket, request: FastifyRequest): void {
  if (error.code?.startsWith('WS_ERR_')) {
    request.log.debug({ code: error.code, reason: error.message }, 'a client broke the WebSocket protocol')
    return
  }
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return void request.log.debug({ code: error.code }, 'a socket was cut')
  request.log.error({ err: error }, 'socket error')
  socket.terminate()
}
