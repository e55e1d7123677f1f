import type { RateLimitOptions } from '@fastify/rate-limit'
import type { FastifyRequest } from 'fastify'

/**
 * A route's `config.rateLimit`: at most `perMinute` requests a minute from each signed-in agent, counted
 * after the session is checked (per agent, not per address: a team may share an office's). Requests
 * `exempt` says so for are not counted.
 *
 * @example
 * ```ts
 * typed.post('/api/conversations/:id/notes', { schema, config: { rateLimit: perAgentRateLimit(60) } }, handler)
 * ```
 */
export function perAgentRateLimit(perMinute: number, exempt?: (request: FastifyRequest) => boolean): RateLimitOptions {
  return {
    max: perMinute,
    timeWindow: 60_000,
    hook: 'preHandler',
    keyGenerator: (request) => request.porchlightAgent?.id ?? request.ip,
    ...(exempt && { allowList: exempt }),
  }
}
