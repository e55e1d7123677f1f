import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { errors, type HttpErrorCode } from '@porchlight/protocol'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { PorchlightError } from './porchlight-error.js'

// What Node's HTTP server refuses on its own, before Fastify routes a request, answered in the registry's
// `{ code, message, statusCode }` shape like every other error. Clients cause these: they are logged at
// debug level, never as server errors.

/** Node's codes for what its parser refuses; anything else is malformed HTTP. */
const codeByNodeError: Partial<Record<string, HttpErrorCode>> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
}

function errorBody(code: HttpErrorCode, message: string = errors[code].message): string {
  return JSON.stringify({ code, message, statusCode: errors[code].status })
}

/**
 * Fastify's `clientErrorHandler` for the standalone server: headers over Node's 16 KiB, a request that did
 * not arrive in time, an unknown method or a broken request line. The connection is closed after the answer.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const code = codeByNodeError[error.code ?? ''] ?? 'bad_request'
  const body = errorBody(code, code === 'bad_request' ? 'The request is not valid HTTP.' : undefined)
  this.log.debug({ code: error.code }, `client error: ${error.message}`)
  if (socket.writable) {
    const status = errors[code].status
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    )
  }
  socket.destroy()
}

/** The server's `checkExpectation` listener: an `Expect` other than `100-continue` is refused with 417. */
export function refuseExpectation(request: IncomingMessage, response: ServerResponse): void {
  const body = errorBody('expectation_failed')
  response.writeHead(errors.expectation_failed.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    connection: 'close',
  })
  response.end(body)
}

/**
 * An `onRequest` hook that refuses an HTTP/1.1 request without `Host`, which Node would answer with an
 * empty 400 of its own (the server runs with `requireHostHeader: false` so that this hook decides).
 */
export function requireHost(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
    done(new PorchlightError('bad_request', 'An HTTP/1.1 request needs a Host header.'))
  } else {
    done()
  }
}
