import { FailedJobList, FailedJobsQuery } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { requireAdmin } from '../auth/require-admin.js'
import { errorResponses } from '../errors/error-responses.js'
import { sessionRequired } from '../web/api-docs.js'
import type { JobScheduler } from './job-scheduler.js'

const iso = (milliseconds: number) => new Date(milliseconds).toISOString()

/**
 * `GET /api/jobs/failed`: the durable jobs that failed for good (a webhook delivery given up, a follow-up
 * email refused), newest first, for admins to see; other agents get 403 `admin_required`.
 */
export async function jobRoutes(
  app: FastifyInstance,
  context: { jobs: Pick<JobScheduler, 'failures'>; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { jobs } = context
  app.addHook('preHandler', context.authenticate)
  app.addHook('preHandler', requireAdmin)
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/jobs/failed',
    {
      schema: {
        summary: 'Jobs that failed for good (webhook deliveries, follow-up emails), newest first, with the last error',
        tags: ['jobs'],
        ...sessionRequired,
        querystring: FailedJobsQuery,
        response: { 200: FailedJobList, ...errorResponses('bad_request', 'unauthorized', 'admin_required') },
      },
    },
    async (request) => {
      const { kind, limit = 100 } = request.query
      const failed = await jobs.failures({ ...(kind !== undefined && { kind }), limit })
      return { jobs: failed.map((job) => ({ ...job, dueAt: iso(job.dueAt), failedAt: iso(job.failedAt) })) }
    },
  )
}
