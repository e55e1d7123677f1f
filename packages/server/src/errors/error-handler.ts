import { errors, type ErrorCode, type ErrorDefinition } from '@porchlight/protocol'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { PorchlightError } from './porchlight-error.js'

/** Fastify's own error codes, mapped onto the registry. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
}

function classify(error: FastifyError): { code: ErrorCode; message: string } {
  if (error instanceof PorchlightError) return { code: error.code, message: error.message }
  if (error.validation) return { code: 'bad_request', message: error.message }
  const mapped = fastifyCodes[error.code]
  if (mapped) return { code: mapped, message: error.message }
  if (error.statusCode === 429) return { code: 'rate_limited', message: errors.rate_limited.message }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: 'bad_request', message: error.message }
  }
  return { code: 'internal_error', message: errors.internal_error.message }
}

/**
 * Answers every failed request with `{ code, message, statusCode }`, the code from the protocol's
 * registry. Unexpected errors are logged and reported as `internal_error` without their details.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { code, message } = classify(error)
  const definition: ErrorDefinition = errors[code]
  const statusCode = code === 'bad_request' && error.statusCode && error.statusCode < 500 ? error.statusCode : (definition.status ?? 500)
  if (statusCode >= 500) request.log.error({ err: error }, 'request failed')
  void reply.status(statusCode).send({ code, message, statusCode })
}
