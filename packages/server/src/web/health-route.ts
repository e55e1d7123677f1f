import { HealthResponse } from '@porchlight/protocol'
import type { FastifyInstance } from 'fastify'

/** `GET /healthz`: for load balancers and uptime checks, which call it every few seconds: it logs nothing below `warn`. */
export async function healthRoute(app: FastifyInstance): Promise<void> {
  const startedAt = performance.now()
  app.get(
    '/healthz',
    { logLevel: 'warn', schema: { summary: 'Whether the server is up', tags: ['meta'], response: { 200: HealthResponse } } },
    async () => ({
      status: 'ok' as const,
      uptimeSeconds: Math.round((performance.now() - startedAt) / 1000),
    }),
  )
}
