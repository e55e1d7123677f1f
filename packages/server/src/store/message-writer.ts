import { randomUUID } from 'node:crypto'
import type { ConversationStatus, Message, MessageAuthor } from '@porchlight/protocol'
import type { Kysely, Transaction } from 'kysely'
import { toMessage } from './row-mappers.js'
import type { GroupCommit } from './group-commit.js'
import { parameter, queryTemplate } from './query-template.js'
import type { ConversationTable, Database, MessageTable } from './schema.js'

/** A conversation's workflow fields, as a message may change them. */
export interface ConversationState {
  status: ConversationStatus
  assigneeId: string | null
}

/** A message to store. */
export interface NewMessage {
  /** An existing conversation by id, or the visitor's own conversation (created by their first message). */
  target: { conversationId: string } | { visitorId: string; siteId: string }
  author: MessageAuthor
  /** The visitor or agent sending it: a repeated `clientId` from the same sender is stored once. */
  senderId: string | null
  authorName: string | null
  text: string
  clientId: string | null
  /** Decides the conversation's status and owner once this message is in it. */
  transition: (current: ConversationState) => ConversationState
}

/** What storing a message did. */
export type WriteOutcome =
  | {
      ok: true
      message: Message
      /** The visitor whose conversation it is. */
      visitorId: string
      /** The client id was seen before: `message` is the one stored then, and nothing changed. */
      duplicate: boolean
      conversationCreated: boolean
      /** The status or owner of the conversation changed. */
      conversationChanged: boolean
    }
  | { ok: false; reason: 'conversation_not_found' }

/**
 * Stores messages through the group commit: every promise settles only after its message is on disk,
 * and messages (with the other writes of the moment) share commits.
 */
export class MessageWriter {
  private readonly queries: ReturnType<typeof hotQueries>

  constructor(
    private readonly commits: GroupCommit,
    db: Kysely<Database>,
    private readonly clock: () => number,
  ) {
    this.queries = hotQueries(db)
  }

  /** Stores a message durably; resolves once it is committed. */
  write(message: NewMessage): Promise<WriteOutcome> {
    return this.commits.run((trx) => this.#store(trx, message))
  }

  async #store(trx: Transaction<Database>, message: NewMessage): Promise<WriteOutcome> {
    const now = this.clock()
    const { queries } = this
    let conversationCreated = false
    const target = message.target
    let [conversation] = (
      await trx.executeQuery(
        'conversationId' in target
          ? queries.conversationById({ id: target.conversationId })
          : queries.conversationByVisitor({ visitorId: target.visitorId }),
      )
    ).rows
    if (!conversation) {
      if ('conversationId' in target) return { ok: false, reason: 'conversation_not_found' }
      conversation = {
        id: randomUUID(),
        visitor_id: target.visitorId,
        status: 'unanswered',
        assignee_id: null,
        last_seq: 0,
        last_visitor_message_at: null,
      }
      await trx
        .insertInto('conversations')
        .values({
          ...conversation,
          site_id: target.siteId,
          created_at: now,
          updated_at: now,
          session_state: 'active',
          inactive_reason: null,
          session_since: now,
        })
        .execute()
      conversationCreated = true
    }

    if (message.clientId !== null && message.senderId !== null) {
      const [existing] = (
        await trx.executeQuery(
          queries.messageByClientId({ conversationId: conversation.id, senderId: message.senderId, clientId: message.clientId }),
        )
      ).rows
      if (existing) {
        return {
          ok: true,
          message: toMessage(existing),
          visitorId: conversation.visitor_id,
          duplicate: true,
          conversationCreated,
          conversationChanged: false,
        }
      }
    }

    const before: ConversationState = { status: conversation.status, assigneeId: conversation.assignee_id }
    const after = message.transition(before)
    const row: MessageTable = {
      id: randomUUID(),
      conversation_id: conversation.id,
      seq: conversation.last_seq + 1,
      author: message.author,
      sender_id: message.senderId,
      author_name: message.authorName,
      text: message.text,
      client_id: message.clientId,
      created_at: now,
    }
    await trx.executeQuery(
      queries.advanceConversation({
        id: conversation.id,
        lastSeq: row.seq,
        status: after.status,
        assigneeId: after.assigneeId,
        updatedAt: now,
        lastVisitorMessageAt: message.author === 'visitor' ? now : conversation.last_visitor_message_at,
      }),
    )
    await trx.executeQuery(queries.insertMessage(row))
    return {
      ok: true,
      message: toMessage(row),
      visitorId: conversation.visitor_id,
      duplicate: false,
      conversationCreated,
      conversationChanged: after.status !== before.status || after.assigneeId !== before.assigneeId,
    }
  }
}

/** The queries every message runs, compiled once. */
function hotQueries(db: Kysely<Database>) {
  const conversationColumns = ['id', 'visitor_id', 'status', 'assignee_id', 'last_seq', 'last_visitor_message_at'] as const
  return {
    conversationById: queryTemplate<Pick<ConversationTable, (typeof conversationColumns)[number]>, { id: string }>(
      db.selectFrom('conversations').select(conversationColumns).where('id', '=', parameter('id')),
    ),
    conversationByVisitor: queryTemplate<Pick<ConversationTable, (typeof conversationColumns)[number]>, { visitorId: string }>(
      db
        .selectFrom('conversations')
        .select(conversationColumns)
        .where('visitor_id', '=', parameter('visitorId'))
        .orderBy('created_at', 'desc')
        .limit(1),
    ),
    messageByClientId: queryTemplate<MessageTable, { conversationId: string; senderId: string; clientId: string }>(
      db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', parameter('conversationId'))
        .where('sender_id', '=', parameter('senderId'))
        .where('client_id', '=', parameter('clientId')),
    ),
    advanceConversation: queryTemplate<
      unknown,
      { id: string; lastSeq: number; status: string; assigneeId: string | null; updatedAt: number; lastVisitorMessageAt: number | null }
    >(
      db
        .updateTable('conversations')
        .set({
          last_seq: parameter('lastSeq'),
          status: parameter('status'),
          assignee_id: parameter('assigneeId'),
          updated_at: parameter('updatedAt'),
          last_visitor_message_at: parameter('lastVisitorMessageAt'),
        })
        .where('id', '=', parameter('id')),
    ),
    insertMessage: queryTemplate<unknown, MessageTable>(
      db.insertInto('messages').values({
        id: parameter('id'),
        conversation_id: parameter('conversation_id'),
        seq: parameter('seq'),
        author: parameter('author'),
        sender_id: parameter('sender_id'),
        author_name: parameter('author_name'),
        text: parameter('text'),
        client_id: parameter('client_id'),
        created_at: parameter('created_at'),
      }),
    ),
  }
}
