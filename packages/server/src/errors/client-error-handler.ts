import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { errors, type HttpErrorCode } from '@porchlight/protocol'
import type { FastifyInstance } from 'fastify'

/** Node's codes for what it refuses before Fastify sees a request; anything else is malformed HTTP. */
const codeByNodeError: Partial<Record<string, HttpErrorCode>> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
}

/**
 * Fastify's `clientErrorHandler` for the standalone server: what Node's HTTP parser refuses (headers over
 * 16 KiB, a request that did not arrive in time, an unknown method, a broken request line) is answered in
 * the registry's `{ code, message, statusCode }` shape like every other error, and the connection closed.
 * Clients cause these, so they are logged at debug level, never as server errors.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const code = codeByNodeError[error.code ?? ''] ?? 'bad_request'
  const statusCode = errors[code].status
  const message = code === 'bad_request' ? 'The request is not valid HTTP.' : errors[code].message
  const body = JSON.stringify({ code, message, statusCode })
  this.log.debug({ code: error.code }, `client error: ${error.message}`)
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    )
  }
  socket.destroy()
}
