import { AgentList, AgentParams, AgentResponse, CreateAgentBody, UpdateAgentBody } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { requireAdmin } from '../auth/require-admin.js'
import { adminWriteErrors } from '../auth/admin-write-errors.js'
import { errorResponses } from '../errors/error-responses.js'
import { sessionRequired } from '../web/api-docs.js'
import type { AgentAccounts } from './agent-accounts.js'

/**
 * The team API: `GET /api/agents` for every agent (the team and its presence); creating, changing,
 * disabling and signing out agents for admins (`POST /api/agents`, `PATCH /api/agents/:id`,
 * `POST /api/agents/:id/logout`).
 */
export async function agentRoutes(
  app: FastifyInstance,
  context: { accounts: AgentAccounts; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { accounts, authenticate } = context
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()
  const admins = [authenticate, requireAdmin]

  typed.get(
    '/api/agents',
    {
      preHandler: authenticate,
      schema: {
        summary: 'The team: every agent, with their role, whether they are disabled, and their presence',
        tags: ['team'],
        ...sessionRequired,
        response: { 200: AgentList, ...errorResponses('unauthorized') },
      },
    },
    async () => ({ agents: await accounts.list() }),
  )

  typed.post(
    '/api/agents',
    {
      preHandler: admins,
      schema: {
        summary: 'Create an agent (admins)',
        tags: ['team'],
        ...sessionRequired,
        body: CreateAgentBody,
        response: { 201: AgentResponse, ...errorResponses(...adminWriteErrors, 'agent_exists') },
      },
    },
    async (request, reply) => {
      const agent = await accounts.create(request.body)
      reply.status(201)
      return { agent }
    },
  )

  typed.patch(
    '/api/agents/:id',
    {
      preHandler: admins,
      schema: {
        summary: 'Change an agent (admins); disabling them or setting their password ends their sessions',
        description:
          'A disabled agent cannot sign in, and their sockets close at once with 4401 `session_ended`. No change ' +
          'may leave the team without an enabled admin (`last_admin`).',
        tags: ['team'],
        ...sessionRequired,
        params: AgentParams,
        body: UpdateAgentBody,
        response: { 200: AgentResponse, ...errorResponses(...adminWriteErrors, 'agent_not_found', 'agent_exists', 'last_admin') },
      },
    },
    async (request) => ({ agent: await accounts.update(request.params.id, request.body) }),
  )

  typed.post(
    '/api/agents/:id/logout',
    {
      preHandler: admins,
      schema: {
        summary: 'Sign an agent out everywhere (admins); their sockets close at once with 4401 `session_ended`',
        tags: ['team'],
        ...sessionRequired,
        params: AgentParams,
        response: { 204: { type: 'null' }, ...errorResponses(...adminWriteErrors, 'agent_not_found') },
      },
    },
    async (request, reply) => {
      await accounts.logout(request.params.id)
      reply.status(204)
      return null
    },
  )
}
