import { errors, type ErrorCode, type HttpErrorCode } from '@porchlight/protocol'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { PorchlightError } from './porchlight-error.js'

/**
 * The registry's code for each client-error status that Fastify and its plugins answer with (a body too
 * large, a bad URL encoding, a path segment over the router's limit, a rate limit, ...). Any other 4xx is a
 * `bad_request`.
 */
const codeByStatus: Partial<Record<number, HttpErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
}

function classify(error: FastifyError): { code: ErrorCode; message: string; statusCode: number } {
  if (error instanceof PorchlightError) return { code: error.code, message: error.message, statusCode: error.statusCode }
  const status = error.statusCode ?? 500
  let code: HttpErrorCode = 'internal_error'
  if (error.validation) code = 'bad_request'
  else if (status >= 400 && status < 500) code = codeByStatus[status] ?? 'bad_request'
  // Unexpected errors keep their details to the log; the rate limiter's message names its internal window.
  const message = code === 'internal_error' || code === 'rate_limited' ? errors[code].message : error.message
  return { code, message, statusCode: errors[code].status }
}

/**
 * Answers every failed request with `{ code, message, statusCode }`, the code from the protocol's
 * registry and the status the registry gives it. Unexpected errors are logged and reported as
 * `internal_error` without their details. It is also the standalone server's `frameworkErrors` handler,
 * for what fails before routing (a bad URL encoding, an over-long path segment).
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { code, message, statusCode } = classify(error)
  if (statusCode >= 500) request.log.error({ err: error }, 'request failed')
  void reply.status(statusCode).send({ code, message, statusCode })
}
