import { ConversationParams, ReadBody } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { conversationWriteErrors } from '../conversations/conversation-write-errors.js'
import { errorResponses } from '../errors/error-responses.js'
import { sessionRequired } from '../web/api-docs.js'
import type { ReadReceipts } from './read-receipts.js'

/** `POST /api/conversations/:id/read`: the signed-in agent reports how far they have read. */
export async function readRoutes(
  app: FastifyInstance,
  context: { receipts: ReadReceipts; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { receipts } = context
  app.addHook('preHandler', context.authenticate)
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/conversations/:id/read',
    {
      schema: {
        summary:
          'The signed-in agent has seen every message up to seq: their watermark moves forward (never back, never past the newest message)',
        tags: ['conversations'],
        ...sessionRequired,
        params: ConversationParams,
        body: ReadBody,
        response: {
          204: { type: 'null' },
          ...errorResponses(...conversationWriteErrors),
        },
      },
    },
    async (request, reply) => {
      await receipts.readByAgent(request.params.id, request.porchlightAgent!.id, request.body.seq)
      reply.status(204)
    },
  )
}
