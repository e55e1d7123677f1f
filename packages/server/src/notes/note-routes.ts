import { ConversationParams, CreateNoteBody, NoteList, NoteResponse } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { perAgentRateLimit } from '../auth/per-agent-rate-limit.js'
import { conversationWriteErrors } from '../conversations/conversation-write-errors.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'
import { timeOrderedId } from '../store/time-ordered-id.js'
import { sessionRequired } from '../web/api-docs.js'

/** The most notes `GET /api/conversations/:id/notes` returns: the newest ones. */
const maxNotesPerRead = 500
/** Notes one agent may write a minute: far more than a person types. */
const notesPerMinute = 60
/** Note lists one agent may read a minute: an inbox reads them on opening a conversation, even when flipping through the queue. */
const noteReadsPerMinute = 300

/**
 * Private notes: `GET` and `POST /api/conversations/:id/notes`, for signed-in agents. A new note is
 * published as `note.created`, which only the agents' socket forwards.
 */
export async function noteRoutes(
  app: FastifyInstance,
  context: { store: Store; bus: EventBus; clock: () => number; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { store, bus, clock } = context
  app.addHook('preHandler', context.authenticate)
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.get(
    '/api/conversations/:id/notes',
    {
      schema: {
        summary: "The conversation's private notes, oldest first (the newest 500)",
        tags: ['notes'],
        ...sessionRequired,
        params: ConversationParams,
        response: { 200: NoteList, ...errorResponses('bad_request', 'unauthorized', 'conversation_not_found', 'rate_limited') },
      },
      config: { rateLimit: perAgentRateLimit(noteReadsPerMinute) },
    },
    async (request) => {
      if ((await store.conversations.visitorOf(request.params.id)) === undefined) throw new PorchlightError('conversation_not_found')
      return { notes: await store.notes.list(request.params.id, maxNotesPerRead) }
    },
  )

  typed.post(
    '/api/conversations/:id/notes',
    {
      schema: {
        summary: 'Add a private note: agents see it (live as `note.created` on /ws/agent), the visitor never does',
        tags: ['notes'],
        ...sessionRequired,
        params: ConversationParams,
        body: CreateNoteBody,
        response: { 201: NoteResponse, ...errorResponses(...conversationWriteErrors, 'rate_limited') },
      },
      config: { rateLimit: perAgentRateLimit(notesPerMinute) },
    },
    async (request, reply) => {
      const agent = request.porchlightAgent!
      const now = clock()
      const note = await store.notes.add({
        id: timeOrderedId(now),
        conversationId: request.params.id,
        agentId: agent.id,
        agentName: agent.name,
        text: request.body.text,
        createdAt: now,
      })
      if (!note) throw new PorchlightError('conversation_not_found')
      bus.emit('note.created', { note })
      reply.status(201)
      return { note }
    },
  )
}
