import { Analytics, AnalyticsQuery } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { errorResponses } from '../errors/error-responses.js'
import type { Store } from '../store/store.js'
import { sessionRequired } from '../web/api-docs.js'

const hour = 3_600_000

/** `GET /api/analytics?hours=24`: the team's numbers over the last `hours`, for every signed-in agent. */
export async function analyticsRoutes(
  app: FastifyInstance,
  context: { store: Store; clock: () => number; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { store, clock } = context
  app.addHook('preHandler', context.authenticate)
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/analytics',
    {
      schema: {
        summary: 'Conversations finished, active and answered, the average response and handling times, over the window (now - hours, now]',
        tags: ['analytics'],
        ...sessionRequired,
        querystring: AnalyticsQuery,
        response: { 200: Analytics, ...errorResponses('bad_request', 'unauthorized') },
      },
    },
    async (request) => {
      const hours = request.query.hours ?? 24
      const to = clock()
      const from = to - hours * hour
      const numbers = await store.analytics.between(from, to)
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), hours, ...numbers }
    },
  )
}
