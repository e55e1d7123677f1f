import {
  ConversationList,
  ConversationListQuery,
  ConversationParams,
  ConversationResponse,
  ConversationSummaryResponse,
  MessageResponse,
  PatchConversationBody,
  PostMessageBody,
  PresenceTimeline,
  TakeBody,
} from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { perAgentRateLimit } from '../auth/per-agent-rate-limit.js'
import { conversationWriteErrors } from './conversation-write-errors.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { Store } from '../store/store.js'
import { sessionRequired } from '../web/api-docs.js'
import type { ConversationService } from './conversation-service.js'
import type { ConversationSummaries } from './conversation-summaries.js'
import type { ConversationWorkflow } from './conversation-workflow.js'

/** The most messages `GET /api/conversations/:id` returns: the newest ones. */
const maxMessagesPerRead = 5000
/** The most entries `GET /api/conversations/:id/presence` returns: the newest ones. */
const maxTimelineEntries = 1000
/** Searches (`q`) one agent may make a minute. */
const searchesPerMinute = 60

/** The agents' conversation API. Every route needs a signed-in agent. */
export async function conversationRoutes(
  app: FastifyInstance,
  context: {
    store: Store
    conversations: ConversationService
    summaries: ConversationSummaries
    workflow: ConversationWorkflow
    authenticate: preHandlerAsyncHookHandler
  },
): Promise<void> {
  const { store, conversations, summaries, workflow } = context
  app.addHook('preHandler', context.authenticate)
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.get(
    '/api/conversations',
    {
      schema: {
        summary:
          'List conversations: visitors online first, then away, then the rest; the longest waiting first within each. ' +
          '`assignee` is `me`, `none` or an agent id; `q` searches visitor names, emails and message texts',
        tags: ['conversations'],
        ...sessionRequired,
        querystring: ConversationListQuery,
        response: { 200: ConversationList, ...errorResponses('bad_request', 'unauthorized', 'rate_limited') },
      },
      // Only searches count: each reads every message text, and the inbox sends one when typing pauses.
      config: { rateLimit: perAgentRateLimit(searchesPerMinute, (request) => !(request.query as { q?: string }).q) },
    },
    async (request) => {
      const { status, session, limit = 100, assignee, q } = request.query
      const assigneeId = assignee === 'me' ? request.porchlightAgent!.id : assignee === 'none' ? null : assignee
      return { conversations: await summaries.list({ status, session, limit, assigneeId, search: q }) }
    },
  )

  typed.get(
    '/api/conversations/:id',
    {
      schema: {
        summary: 'A conversation with its visitor and messages',
        tags: ['conversations'],
        ...sessionRequired,
        params: ConversationParams,
        response: { 200: ConversationResponse, ...errorResponses('bad_request', 'unauthorized', 'conversation_not_found') },
      },
    },
    async (request) => {
      const conversation = await summaries.detail(request.params.id, maxMessagesPerRead)
      if (!conversation) throw new PorchlightError('conversation_not_found')
      return { conversation }
    },
  )

  typed.get(
    '/api/conversations/:id/presence',
    {
      schema: {
        summary: "The visitor's presence timeline: every change of state, reason or widgetOpen, oldest first",
        tags: ['conversations'],
        ...sessionRequired,
        params: ConversationParams,
        response: { 200: PresenceTimeline, ...errorResponses('bad_request', 'unauthorized', 'conversation_not_found') },
      },
    },
    async (request) => {
      const summary = await store.conversations.summary(request.params.id)
      if (!summary) throw new PorchlightError('conversation_not_found')
      return { visitorId: summary.visitor.id, timeline: await store.presence.timeline(summary.visitor.id, maxTimelineEntries) }
    },
  )

  typed.post(
    '/api/conversations/:id/messages',
    {
      schema: {
        summary: 'Reply as the signed-in agent; a repeated clientId is stored once (200 instead of 201)',
        tags: ['conversations'],
        ...sessionRequired,
        params: ConversationParams,
        body: PostMessageBody,
        response: {
          200: MessageResponse,
          201: MessageResponse,
          ...errorResponses(...conversationWriteErrors),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const { text, clientId } = request.body
      const agent = request.porchlightAgent!
      const { message, duplicate } = await conversations.postFromAgent({
        conversationId: id,
        agent: { id: agent.id, name: agent.name },
        text,
        clientId: clientId ?? null,
      })
      reply.status(duplicate ? 200 : 201)
      return { message }
    },
  )

  typed.post(
    '/api/conversations/:id/take',
    {
      schema: {
        summary:
          'Take the conversation: it becomes active and yours. One another agent owns (and has not finished) answers 409 ' +
          '`conversation_taken` unless `force` is true',
        tags: ['conversations'],
        ...sessionRequired,
        params: ConversationParams,
        body: TakeBody,
        response: { 200: ConversationSummaryResponse, ...errorResponses(...conversationWriteErrors, 'conversation_taken') },
      },
    },
    async (request) => {
      const force = request.body?.force ?? false
      return { conversation: await workflow.take(request.params.id, request.porchlightAgent!.id, { force }) }
    },
  )

  typed.post(
    '/api/conversations/:id/finish',
    {
      schema: {
        summary: "Finish the conversation: status finished, its session inactive with reason finished; a visitor's next message reopens it",
        tags: ['conversations'],
        ...sessionRequired,
        params: ConversationParams,
        response: { 200: ConversationSummaryResponse, ...errorResponses(...conversationWriteErrors) },
      },
    },
    async (request) => ({ conversation: await workflow.finish(request.params.id) }),
  )

  typed.patch(
    '/api/conversations/:id',
    {
      schema: {
        summary: "Set the conversation's priority, tags (replaced) or group (null clears it)",
        tags: ['conversations'],
        ...sessionRequired,
        params: ConversationParams,
        body: PatchConversationBody,
        response: { 200: ConversationSummaryResponse, ...errorResponses(...conversationWriteErrors) },
      },
    },
    async (request) => ({ conversation: await workflow.label(request.params.id, request.body) }),
  )
}
