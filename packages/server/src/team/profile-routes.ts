import { AgentResponse, ChangePasswordBody, UpdateProfileBody } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { agentWriteErrors } from '../errors/agent-write-errors.js'
import { errorResponses } from '../errors/error-responses.js'
import { sessionRequired } from '../web/api-docs.js'
import type { AgentAccounts } from './agent-accounts.js'

/** The signed-in agent's own account: `PATCH /api/auth/me` (their name) and `POST /api/auth/password`. */
export async function profileRoutes(
  app: FastifyInstance,
  context: { accounts: AgentAccounts; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { accounts } = context
  app.addHook('preHandler', context.authenticate)
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.patch(
    '/api/auth/me',
    {
      schema: {
        summary: 'Change your own name',
        tags: ['auth'],
        ...sessionRequired,
        body: UpdateProfileBody,
        response: { 200: AgentResponse, ...errorResponses(...agentWriteErrors) },
      },
    },
    async (request) => ({ agent: await accounts.rename(request.porchlightAgent!.id, request.body.name) }),
  )

  typed.post(
    '/api/auth/password',
    {
      schema: {
        summary: 'Change your own password; your other sessions end',
        tags: ['auth'],
        ...sessionRequired,
        body: ChangePasswordBody,
        response: { 204: { type: 'null' }, ...errorResponses(...agentWriteErrors, 'wrong_password', 'rate_limited') },
      },
      // Each try costs a password hash: a stolen session must not turn it into a fast guessing oracle.
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body
      await accounts.changePassword(request.porchlightAgent!.id, request.porchlightSessionId!, currentPassword, newPassword)
      reply.status(204)
      return null
    },
  )
}
