import { ConversationParams, FollowupHistory } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { Store } from '../store/store.js'
import { sessionRequired } from '../web/api-docs.js'

const iso = (milliseconds: number) => new Date(milliseconds).toISOString()

/** `GET /api/conversations/:id/followups`: where the conversation's follow-up stands, and the emails sent. */
export async function followupRoutes(
  app: FastifyInstance,
  context: { store: Store; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { store } = context
  app.addHook('preHandler', context.authenticate)
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/conversations/:id/followups',
    {
      schema: {
        summary: "The conversation's follow-up emails: the state (scheduled, waiting, sent, failed with the error...) and every email sent",
        tags: ['conversations'],
        ...sessionRequired,
        params: ConversationParams,
        response: { 200: FollowupHistory, ...errorResponses('bad_request', 'unauthorized', 'conversation_not_found') },
      },
    },
    async (request) => {
      const { id } = request.params
      if ((await store.followups.siteOf(id)) === undefined) throw new PorchlightError('conversation_not_found')
      const state = await store.followups.state(id)
      const sent = await store.followups.sent(id)
      return {
        state: state ? { state: state.state, error: state.error, at: iso(state.at) } : null,
        sent: sent.map((email) => ({
          messageId: email.messageId,
          firstSeq: email.firstSeq,
          lastSeq: email.lastSeq,
          sentAt: iso(email.sentAt),
        })),
      }
    },
  )
}
