import { ErrorResponse, errors, type HttpErrorCode } from '@porchlight/protocol'

/** One error answer of a route, as Fastify serializes it and @fastify/swagger documents it. */
export interface ErrorAnswer {
  description: string
  content: { 'application/json': { schema: typeof ErrorResponse } }
}

/**
 * The error answers of a route, for its `response` schema: one per HTTP status, each the
 * `ErrorResponse` body with a description naming the codes the route answers with. Every route may also
 * answer 500 `internal_error`, listed here once for all.
 *
 * @example
 * ```ts
 * response: { 200: AgentResponse, ...errorResponses('bad_request', 'invalid_credentials', 'rate_limited') }
 * ```
 */
export function errorResponses(...codes: HttpErrorCode[]): Record<number, ErrorAnswer> {
  const byStatus = new Map<number, HttpErrorCode[]>()
  for (const code of [...codes, 'internal_error' as const]) {
    const status = errors[code].status
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  return Object.fromEntries(
    [...byStatus].map(([status, sameStatus]) => [
      status,
      {
        description: sameStatus.map((code) => `\`${code}\`: ${errors[code].message}`).join(' '),
        content: { 'application/json': { schema: ErrorResponse } },
      },
    ]),
  )
}
