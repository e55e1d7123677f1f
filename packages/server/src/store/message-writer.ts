import { randomUUID } from 'node:crypto'
import type { ConversationStatus, Message, MessageAuthor } from '@porchlight/protocol'
import type { Kysely, Transaction } from 'kysely'
import { toMessage } from './row-mappers.js'
import type { Database, MessageTable } from './schema.js'

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

interface Pending {
  message: NewMessage
  resolve: (outcome: WriteOutcome) => void
  reject: (error: unknown) => void
}

/** The most messages one commit carries. */
const maxBatch = 512

/**
 * Stores messages with group commit: every message that arrives while a commit is being written joins the
 * next one, so a busy server pays one durable commit (fsync) for many messages instead of one each, and
 * every promise settles only after its message is on disk. A failing batch is retried message by
 * message, so one bad message cannot take others down with it.
 */
export class MessageWriter {
  #queue: Pending[] = []
  #running: Promise<void> | undefined

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
  ) {}

  /** Stores a message durably; resolves once it is committed. */
  write(message: NewMessage): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ message, resolve, reject })
      this.#running ??= this.#drain()
    })
  }

  /** Resolves once every message written so far is committed. */
  async drained(): Promise<void> {
    while (this.#running) await this.#running
  }

  async #drain(): Promise<void> {
    // Yield once so that messages arriving in the same turn of the event loop share the commit.
    await new Promise((resolve) => setImmediate(resolve))
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, maxBatch)
      await this.#commit(batch)
    }
    this.#running = undefined
  }

  async #commit(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.db.transaction().execute(async (trx) => {
        const results: WriteOutcome[] = []
        for (const { message } of batch) results.push(await this.#store(trx, message))
        return results
      })
      batch.forEach((pending, index) => pending.resolve(outcomes[index]!))
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error)
        return
      }
      for (const pending of batch) await this.#commit([pending])
    }
  }

  async #store(trx: Transaction<Database>, message: NewMessage): Promise<WriteOutcome> {
    const now = this.clock()
    let conversationCreated = false
    let conversation =
      'conversationId' in message.target
        ? await trx
            .selectFrom('conversations')
            .select(['id', 'visitor_id', 'status', 'assignee_id', 'last_seq'])
            .where('id', '=', message.target.conversationId)
            .executeTakeFirst()
        : await trx
            .selectFrom('conversations')
            .select(['id', 'visitor_id', 'status', 'assignee_id', 'last_seq'])
            .where('visitor_id', '=', message.target.visitorId)
            .orderBy('created_at', 'desc')
            .executeTakeFirst()
    if (!conversation) {
      if ('conversationId' in message.target) return { ok: false, reason: 'conversation_not_found' }
      conversation = {
        id: randomUUID(),
        visitor_id: message.target.visitorId,
        status: 'unanswered',
        assignee_id: null,
        last_seq: 0,
      }
      await trx
        .insertInto('conversations')
        .values({ ...conversation, site_id: message.target.siteId, created_at: now, updated_at: now })
        .execute()
      conversationCreated = true
    }

    if (message.clientId !== null) {
      const existing = await trx
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversation.id)
        .where('sender_id', message.senderId === null ? 'is' : '=', message.senderId)
        .where('client_id', '=', message.clientId)
        .executeTakeFirst()
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
    await trx
      .updateTable('conversations')
      .set({ last_seq: row.seq, status: after.status, assignee_id: after.assigneeId, updated_at: now })
      .where('id', '=', conversation.id)
      .execute()
    await trx.insertInto('messages').values(row).execute()
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
