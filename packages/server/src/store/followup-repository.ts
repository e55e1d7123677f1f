import type { Message } from '@porchlight/protocol'
import { sql, type Kysely } from 'kysely'
import { toMessage } from './row-mappers.js'
import type { Database, FollowupStateTable } from './schema.js'

/** Where a conversation's follow-up stands. */
export type FollowupStateName = NonNullable<FollowupStateTable['state']>

/** Who writes the messages a follow-up is about: agents, and bots (automations). */
export const replyAuthors = ['agent', 'bot'] as const

/** What deciding and writing a conversation's follow-up needs, read at once. */
export interface FollowupContext {
  conversationId: string
  siteId: string
  visitor: { id: string; name: string | null; email: string | null; userId: string | null; unsubscribed: boolean }
  startUrl: string | null
  state: FollowupStateName | null
  /** The state's version: every change of the state raises it. */
  version: number
  /** The highest seq an email already carried (0 when none went out). */
  coveredSeq: number
  /** The newest agent, bot or automation message's seq (0 when there is none). */
  newestReplySeq: number
  /** The `Message-ID`s of the emails sent so far, oldest first: the thread a new one joins. */
  thread: string[]
}

/** An email the SMTP server accepted. */
export interface SentRecord {
  messageId: string
  conversationId: string
  firstSeq: number
  lastSeq: number
  sentAt: number
}

/** What exchanging a return-link token found. */
export type ResumeUse =
  | { ok: true; conversationId: string; siteId: string; visitorId: string; userId: string | null; lastSeq: number }
  | { ok: false; reason: 'resume_token_invalid' | 'resume_token_used' | 'resume_token_expired' }

/** Follow-ups: their state per conversation, the emails sent, return-link tokens and unsubscribes. */
export class FollowupRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** The site a conversation belongs to. */
  async siteOf(conversationId: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('conversations').select('site_id').where('id', '=', conversationId).executeTakeFirst()
    return row?.site_id
  }

  /** Keeps the page a conversation began on (the first one reported wins). */
  async setStartUrl(conversationId: string, url: string): Promise<void> {
    await this.#db
      .insertInto('followup_states')
      .values({ conversation_id: conversationId, start_url: url, state: null, error: null, state_at: null })
      .onConflict((conflict) =>
        conflict.column('conversation_id').doUpdateSet({ start_url: url }).where('followup_states.start_url', 'is', null),
      )
      .execute()
  }

  /**
   * Sets the conversation's follow-up state. With `ifVersion`, only over the state of that version (see
   * {@link FollowupContext.version}): a run does not overwrite what happened while it ran.
   */
  async setState(conversationId: string, state: FollowupStateName, error: string | null, at: number, ifVersion?: number): Promise<void> {
    await this.#db
      .insertInto('followup_states')
      .values({ conversation_id: conversationId, start_url: null, state, error, state_at: at, version: 1 })
      .onConflict((conflict) => {
        const update = conflict
          .column('conversation_id')
          .doUpdateSet({ state, error, state_at: at, version: sql`followup_states.version + 1` })
        return ifVersion === undefined ? update : update.where('followup_states.version', '=', ifVersion)
      })
      .execute()
  }

  async state(conversationId: string): Promise<{ state: FollowupStateName; error: string | null; at: number } | undefined> {
    const row = await this.#db
      .selectFrom('followup_states')
      .select(['state', 'error', 'state_at'])
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst()
    return row?.state && row.state_at !== null ? { state: row.state, error: row.error, at: row.state_at } : undefined
  }

  /** The conversations whose follow-up waits for the visitor to leave the chat. */
  async waiting(): Promise<string[]> {
    const rows = await this.#db.selectFrom('followup_states').select('conversation_id').where('state', '=', 'waiting').execute()
    return rows.map((row) => row.conversation_id)
  }

  async context(conversationId: string): Promise<FollowupContext | undefined> {
    const row = await this.#db
      .selectFrom('conversations as c')
      .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
      .leftJoin('followup_states as f', 'f.conversation_id', 'c.id')
      .leftJoin('followup_unsubscribes as u', 'u.visitor_id', 'v.id')
      .select((eb) => [
        'c.site_id',
        'v.id as visitor_id',
        'v.name',
        'v.email',
        'v.user_id',
        'u.at as unsubscribed_at',
        'f.start_url',
        'f.state',
        'f.version',
        eb
          .selectFrom('messages as m')
          .select((m) => m.fn.max('m.seq').as('seq'))
          .whereRef('m.conversation_id', '=', 'c.id')
          .where('m.author', 'in', replyAuthors)
          .as('newest_reply_seq'),
      ])
      .where('c.id', '=', conversationId)
      .executeTakeFirst()
    if (!row) return undefined
    const sent = await this.sent(conversationId)
    return {
      conversationId,
      siteId: row.site_id,
      visitor: { id: row.visitor_id, name: row.name, email: row.email, userId: row.user_id, unsubscribed: row.unsubscribed_at !== null },
      startUrl: row.start_url,
      state: row.state,
      version: row.version ?? 0,
      coveredSeq: Math.max(0, ...sent.map((email) => email.lastSeq)),
      newestReplySeq: row.newest_reply_seq ?? 0,
      thread: sent.map((email) => email.messageId),
    }
  }

  /** The agent and bot messages numbered above `afterSeq`, oldest first: the newest `limit` of them. */
  async repliesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const rows = await this.#db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', afterSeq)
      .where('author', 'in', replyAuthors)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute()
    return rows.reverse().map(toMessage)
  }

  /**
   * Records an accepted email, and the conversation's state `sent` if it is still of version `ifVersion`
   * (a read or a newer reply while the email went out keeps its own state), in one transaction.
   */
  async recordSent(email: SentRecord, ifVersion: number): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('followups_sent')
        .values({
          message_id: email.messageId,
          conversation_id: email.conversationId,
          first_seq: email.firstSeq,
          last_seq: email.lastSeq,
          sent_at: email.sentAt,
        })
        .onConflict((conflict) => conflict.column('message_id').doNothing())
        .execute()
      await trx
        .insertInto('followup_states')
        .values({ conversation_id: email.conversationId, start_url: null, state: 'sent', error: null, state_at: email.sentAt, version: 1 })
        .onConflict((conflict) =>
          conflict
            .column('conversation_id')
            .doUpdateSet({ state: 'sent', error: null, state_at: email.sentAt, version: sql`followup_states.version + 1` })
            .where('followup_states.version', '=', ifVersion),
        )
        .execute()
    })
  }

  /** The emails sent in a conversation, oldest first. */
  async sent(conversationId: string): Promise<SentRecord[]> {
    const rows = await this.#db
      .selectFrom('followups_sent')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('first_seq')
      .execute()
    return rows.map((row) => ({
      messageId: row.message_id,
      conversationId: row.conversation_id,
      firstSeq: row.first_seq,
      lastSeq: row.last_seq,
      sentAt: row.sent_at,
    }))
  }

  /**
   * Stores a return-link token (again, for another attempt at the same email: an unused one gets the new
   * expiry), and forgets the tokens that expired before `forgetExpiredBefore`.
   */
  async addResumeToken(tokenHash: string, conversationId: string, expiresAt: number, forgetExpiredBefore: number): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('resume_tokens').where('expires_at', '<', forgetExpiredBefore).execute()
      await trx
        .insertInto('resume_tokens')
        .values({ token_hash: tokenHash, conversation_id: conversationId, expires_at: expiresAt, used_at: null })
        .onConflict((conflict) =>
          conflict.column('token_hash').doUpdateSet({ expires_at: expiresAt }).where('resume_tokens.used_at', 'is', null),
        )
        .execute()
    })
  }

  /** The site of a return-link token's conversation, used or not (undefined for an unknown token). */
  async siteOfResumeToken(tokenHash: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('resume_tokens as t')
      .innerJoin('conversations as c', 'c.id', 't.conversation_id')
      .select('c.site_id')
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst()
    return row?.site_id
  }

  /**
   * Marks a return-link token used, if it is unused and unexpired: one conditional update, so that two
   * requests racing with the same token cannot both win.
   */
  async useResumeToken(tokenHash: string, now: number): Promise<ResumeUse> {
    const claimed = await this.#db
      .updateTable('resume_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    const row = await this.#db
      .selectFrom('resume_tokens as t')
      .innerJoin('conversations as c', 'c.id', 't.conversation_id')
      .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
      .select(['t.used_at', 't.expires_at', 'c.id', 'c.site_id', 'c.last_seq', 'v.id as visitor_id', 'v.user_id'])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst()
    if (!row) return { ok: false, reason: 'resume_token_invalid' }
    if (claimed.numUpdatedRows === 0n) return { ok: false, reason: row.used_at !== null ? 'resume_token_used' : 'resume_token_expired' }
    return { ok: true, conversationId: row.id, siteId: row.site_id, visitorId: row.visitor_id, userId: row.user_id, lastSeq: row.last_seq }
  }

  async unsubscribe(visitorId: string, at: number): Promise<void> {
    await this.#db
      .insertInto('followup_unsubscribes')
      .values({ visitor_id: visitorId, at })
      .onConflict((conflict) => conflict.column('visitor_id').doNothing())
      .execute()
  }
}
