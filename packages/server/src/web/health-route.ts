import { HealthResponse } from '@porchlight/protocol'
import type { FastifyInstance } from 'fastify'

/** `GET /healthz`: for load balancers and uptime checks. */
export function healthRoute(app: FastifyInstance): void {
  const startedAt = performance.now()
  app.get('/healthz', { schema: { summary: 'Whether the server is up', tags: ['meta'], response: { 200: HealthResponse } } }, () => ({
    status: 'ok' as const,
    uptimeSeconds: Math.round((performance.now() - startedAt) / 1000),
  }))
}
