import {
  CannedResponseList,
  CannedResponseParams,
  CannedResponseResponse,
  CreateCannedResponseBody,
  maxCannedResponses,
  PatchCannedResponseBody,
  type CannedResponse,
} from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { adminWriteErrors } from '../auth/admin-write-errors.js'
import { requireAdmin } from '../auth/require-admin.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { CannedRefusal } from '../store/canned-response-repository.js'
import type { Store } from '../store/store.js'
import { timeOrderedId } from '../store/time-ordered-id.js'
import { sessionRequired } from '../web/api-docs.js'

/** The stored canned response, or the refusal as the error to answer with. */
const written = (result: CannedResponse | { refused: CannedRefusal }): CannedResponse => {
  if ('refused' in result) throw new PorchlightError(result.refused)
  return result
}

/**
 * The team's canned responses: every agent reads them (`GET /api/canned-responses`); admins create,
 * change and delete them (others get 403 `admin_required`).
 */
export async function cannedResponseRoutes(
  app: FastifyInstance,
  context: { store: Store; clock: () => number; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { store, clock } = context
  app.addHook('preHandler', context.authenticate)
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.get(
    '/api/canned-responses',
    {
      schema: {
        summary: "The team's canned responses, by shortcut",
        tags: ['canned responses'],
        ...sessionRequired,
        response: { 200: CannedResponseList, ...errorResponses('unauthorized') },
      },
    },
    async () => ({ cannedResponses: await store.cannedResponses.list() }),
  )

  typed.post(
    '/api/canned-responses',
    {
      preHandler: requireAdmin,
      schema: {
        summary: `Add a canned response (admins; at most ${maxCannedResponses}, each shortcut once)`,
        tags: ['canned responses'],
        ...sessionRequired,
        body: CreateCannedResponseBody,
        response: {
          201: CannedResponseResponse,
          ...errorResponses(...adminWriteErrors, 'canned_response_exists', 'too_many_canned_responses'),
        },
      },
    },
    async (request, reply) => {
      const now = clock()
      const cannedResponse = written(
        await store.cannedResponses.create({ id: timeOrderedId(now), ...request.body, now }, maxCannedResponses),
      )
      reply.status(201)
      return { cannedResponse }
    },
  )

  typed.patch(
    '/api/canned-responses/:id',
    {
      preHandler: requireAdmin,
      schema: {
        summary: "Change a canned response's shortcut, title or text (admins)",
        tags: ['canned responses'],
        ...sessionRequired,
        params: CannedResponseParams,
        body: PatchCannedResponseBody,
        response: {
          200: CannedResponseResponse,
          ...errorResponses(...adminWriteErrors, 'canned_response_not_found', 'canned_response_exists'),
        },
      },
    },
    async (request) => ({ cannedResponse: written(await store.cannedResponses.update(request.params.id, request.body, clock())) }),
  )

  typed.delete(
    '/api/canned-responses/:id',
    {
      preHandler: requireAdmin,
      schema: {
        summary: 'Delete a canned response (admins)',
        tags: ['canned responses'],
        ...sessionRequired,
        params: CannedResponseParams,
        response: {
          204: { type: 'null' },
          ...errorResponses('bad_request', 'unauthorized', 'admin_required', 'forbidden_origin', 'canned_response_not_found'),
        },
      },
    },
    async (request, reply) => {
      if (!(await store.cannedResponses.remove(request.params.id))) throw new PorchlightError('canned_response_not_found')
      return reply.status(204).send(null)
    },
  )
}
