import { HealthResponse } from '@porchlight/protocol'
import type { FastifyInstance } from 'fastify'

/**
 * `GET /healthz`: for load balancers and uptime checks. They call it every few seconds, so it logs
 * nothing below `warn`.
 */
export function healthRoute(app: FastifyInstance, _options: unknown, done: () => void): void {
  const startedAt = performance.now()
  app.get(
    '/healthz',
    { logLevel: 'warn', schema: { summary: 'Whether the server is up', tags: ['meta'], response: { 200: HealthResponse } } },
    () => ({ status: 'ok' as const, uptimeSeconds: Math.round((performance.now() - startedAt) / 1000) }),
  )
  done()
}
