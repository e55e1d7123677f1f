import { timeOrderedId } from './time-ordered-id.js'
import type { ConversationStatus, Message, MessageAuthor } from '@porchlight/protocol'
import type { Kysely, Transaction } from 'kysely'
import { toMessage } from './row-mappers.js'
import type { Batch, GroupCommit } from './group-commit.js'
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

/** What changing a conversation's status or owner did: its state before and after. */
export type TransitionOutcome =
  { ok: true; visitorId: string; before: ConversationState; after: ConversationState } | { ok: false; reason: 'conversation_not_found' }

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
  readonly #queries: ReturnType<typeof hotQueries>
  readonly #commits: GroupCommit
  readonly #clock: () => number

  constructor(commits: GroupCommit, db: Kysely<Database>, clock: () => number) {
    this.#commits = commits
    this.#clock = clock
    this.#queries = hotQueries(db)
  }

  /** Stores a message durably; resolves once it is committed. */
  write(message: NewMessage): Promise<WriteOutcome> {
    return this.#commits.run((trx, batch) => this.#store(trx, batch, message))
  }

  /**
   * Changes a conversation's status or owner without a message (take, finish), in the same order as the
   * messages around it: `transition` sees the state the messages before it left, in this commit or
   * before. Resolves once it is committed.
   */
  transition(conversationId: string, transition: (current: ConversationState) => ConversationState): Promise<TransitionOutcome> {
    return this.#commits.run(async (trx, batch) => {
      const now = this.#clock()
      const advanced = this.#advancedIn(trx, batch)
      const conversation =
        advanced.get(`c:${conversationId}`) ?? (await trx.executeQuery(this.#queries.conversationById({ id: conversationId }))).rows[0]
      if (!conversation) return { ok: false, reason: 'conversation_not_found' }
      const before: ConversationState = { status: conversation.status, assigneeId: conversation.assignee_id }
      const after = transition(before)
      if (after.status !== before.status || after.assigneeId !== before.assigneeId) {
        this.#advance(advanced, { ...conversation, ...advancedState(conversation, after, now), updatedAt: now })
      }
      return { ok: true, visitorId: conversation.visitor_id, before, after }
    })
  }

  /** Keeps a conversation's new state for this commit, to be written once just before it commits. */
  #advance(advanced: Map<string, AdvancedConversation>, conversation: AdvancedConversation): void {
    advanced.set(`c:${conversation.id}`, conversation)
    advanced.set(`v:${conversation.visitor_id}`, conversation)
  }

  /** Per commit: the conversations its messages advanced, by `c:<id>` and `v:<visitor id>`. */
  readonly #advanced = new WeakMap<Batch, Map<string, AdvancedConversation>>()

  /**
   * The conversations this commit's messages advanced. The next message of the same conversation in
   * the same commit reads it from here instead of the database, and each one is written once, just
   * before the commit, however many messages it got. Only this writer changes a conversation's
   * sequence, status or owner: {@link transition} is how a feature changes status or owner without a message.
   */
  #advancedIn(trx: Transaction<Database>, batch: Batch): Map<string, AdvancedConversation> {
    const advanced = this.#advanced.get(batch)
    if (advanced) return advanced
    const conversations = new Map<string, AdvancedConversation>()
    this.#advanced.set(batch, conversations)
    batch.beforeCommit(this, async () => {
      for (const [key, conversation] of conversations) {
        if (!key.startsWith('c:')) continue
        await trx.executeQuery(
          this.#queries.advanceConversation({
            id: conversation.id,
            lastSeq: conversation.last_seq,
            status: conversation.status,
            assigneeId: conversation.assignee_id,
            updatedAt: conversation.updatedAt,
            lastVisitorMessageAt: conversation.last_visitor_message_at,
            finishedAt: conversation.finished_at,
          }),
        )
      }
    })
    return conversations
  }

  async #store(trx: Transaction<Database>, batch: Batch, message: NewMessage): Promise<WriteOutcome> {
    const now = this.#clock()
    const queries = this.#queries
    let conversationCreated = false
    const target = message.target
    const advanced = this.#advancedIn(trx, batch)
    const key = 'conversationId' in target ? `c:${target.conversationId}` : `v:${target.visitorId}`
    let conversation: ConversationRow | undefined =
      advanced.get(key) ??
      (
        await trx.executeQuery(
          'conversationId' in target
            ? queries.conversationById({ id: target.conversationId })
            : queries.conversationByVisitor({ visitorId: target.visitorId }),
        )
      ).rows[0]
    if (!conversation) {
      if ('conversationId' in target) return { ok: false, reason: 'conversation_not_found' }
      conversation = {
        id: timeOrderedId(now),
        visitor_id: target.visitorId,
        status: 'unanswered',
        assignee_id: null,
        last_seq: 0,
        last_visitor_message_at: null,
        finished_at: null,
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

    const before: ConversationState = { status: conversation.status, assigneeId: conversation.assignee_id }
    const after = message.transition(before)
    const row: MessageTable = {
      id: timeOrderedId(now),
      conversation_id: conversation.id,
      seq: conversation.last_seq + 1,
      author: message.author,
      sender_id: message.senderId,
      author_name: message.authorName,
      text: message.text,
      client_id: message.clientId,
      created_at: now,
    }
    // The unique index on the sender's client ids finds a repeat: no read before every write.
    const { numAffectedRows } = await trx.executeQuery(queries.insertMessage(row))
    if (numAffectedRows === 0n) {
      const [existing] = (
        await trx.executeQuery(
          queries.messageByClientId({ conversationId: conversation.id, senderId: message.senderId!, clientId: message.clientId! }),
        )
      ).rows
      return {
        ok: true,
        message: toMessage(existing!),
        visitorId: conversation.visitor_id,
        duplicate: true,
        conversationCreated,
        conversationChanged: false,
      }
    }
    // The conversation's own row is written once per commit, just before it commits (see #advancedIn).
    this.#advance(advanced, {
      id: conversation.id,
      visitor_id: conversation.visitor_id,
      ...advancedState(conversation, after, now),
      last_seq: row.seq,
      last_visitor_message_at: message.author === 'visitor' ? now : conversation.last_visitor_message_at,
      updatedAt: now,
    })
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

const conversationColumns = ['id', 'visitor_id', 'status', 'assignee_id', 'last_seq', 'last_visitor_message_at', 'finished_at'] as const
/** What the writer reads of a conversation. */
type ConversationRow = Pick<ConversationTable, (typeof conversationColumns)[number]>
/** A conversation a commit's messages advanced, to be written before it commits. */
type AdvancedConversation = ConversationRow & { updatedAt: number }

/**
 * The columns a new state sets: its status and owner, and when it was finished, which is set when the
 * status turns `finished` (kept while it stays so) and cleared when it turns anything else.
 */
function advancedState(
  current: ConversationRow,
  after: ConversationState,
  now: number,
): Pick<ConversationRow, 'status' | 'assignee_id' | 'finished_at'> {
  const finishedAt = after.status !== 'finished' ? null : current.status === 'finished' ? current.finished_at : now
  return { status: after.status, assignee_id: after.assigneeId, finished_at: finishedAt }
}

/** The queries every message runs, compiled once. */
function hotQueries(db: Kysely<Database>) {
  return {
    conversationById: queryTemplate<ConversationRow, { id: string }>(
      db.selectFrom('conversations').select(conversationColumns).where('id', '=', parameter('id')),
    ),
    conversationByVisitor: queryTemplate<ConversationRow, { visitorId: string }>(
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
      {
        id: string
        lastSeq: number
        status: string
        assigneeId: string | null
        updatedAt: number
        lastVisitorMessageAt: number | null
        finishedAt: number | null
      }
    >(
      db
        .updateTable('conversations')
        .set({
          last_seq: parameter('lastSeq'),
          status: parameter('status'),
          assignee_id: parameter('assigneeId'),
          updated_at: parameter('updatedAt'),
          last_visitor_message_at: parameter('lastVisitorMessageAt'),
          finished_at: parameter('finishedAt'),
        })
        .where('id', '=', parameter('id')),
    ),
    insertMessage: queryTemplate<unknown, MessageTable>(
      db
        .insertInto('messages')
        .values({
          id: parameter('id'),
          conversation_id: parameter('conversation_id'),
          seq: parameter('seq'),
          author: parameter('author'),
          sender_id: parameter('sender_id'),
          author_name: parameter('author_name'),
          text: parameter('text'),
          client_id: parameter('client_id'),
          created_at: parameter('created_at'),
        })
        .onConflict((conflict) =>
          conflict.columns(['conversation_id', 'sender_id', 'client_id']).where('client_id', 'is not', null).doNothing(),
        ),
    ),
  }
}
