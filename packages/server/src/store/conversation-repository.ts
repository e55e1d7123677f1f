import type {
  ConversationPriority,
  ConversationStatus,
  ConversationSummary,
  InactiveReason,
  Message,
  PresenceState,
} from '@porchlight/protocol'
import { sql, type Kysely } from 'kysely'
import type { GroupCommit } from './group-commit.js'
import type { ReadReceiptRepository } from './read-receipt-repository.js'
import { toConversationSummary, toMessage } from './row-mappers.js'
import type { Database } from './schema.js'

/** Reads conversations and their messages. Writes go through {@link MessageWriter}. */
export class ConversationRepository {
  readonly #db: Kysely<Database>
  readonly #commits: GroupCommit
  readonly #receipts: ReadReceiptRepository

  constructor(db: Kysely<Database>, commits: GroupCommit, receipts: ReadReceiptRepository) {
    this.#db = db
    this.#commits = commits
    this.#receipts = receipts
  }

  /** The visitor's conversation, if they have written yet. */
  async findByVisitor(visitorId: string): Promise<{ id: string; lastSeq: number } | undefined> {
    const row = await this.#db
      .selectFrom('conversations')
      .select(['id', 'last_seq'])
      .where('visitor_id', '=', visitorId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst()
    return row && { id: row.id, lastSeq: row.last_seq }
  }

  /** The visitor whose conversation it is, or undefined for an unknown id. */
  async visitorOf(id: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('conversations').select('visitor_id').where('id', '=', id).executeTakeFirst()
    return row?.visitor_id
  }

  /**
   * Sets a conversation's priority, tags or group (what is given; `group: null` clears it) through the
   * group commit. Resolves whether the conversation exists.
   */
  setLabels(
    id: string,
    labels: { priority?: ConversationPriority | undefined; tags?: string[] | undefined; group?: string | null | undefined },
    now: number,
  ): Promise<boolean> {
    return this.#commits.run(async (trx) => {
      const result = await trx
        .updateTable('conversations')
        .set({
          ...(labels.priority !== undefined && { priority: labels.priority }),
          ...(labels.tags !== undefined && { tags: JSON.stringify(labels.tags) }),
          ...(labels.group !== undefined && { group_name: labels.group }),
          updated_at: now,
        })
        .where('id', '=', id)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    })
  }

  async summary(id: string): Promise<ConversationSummary | undefined> {
    const [summary] = await this.list({ id, limit: 1 })
    return summary
  }

  /** What a conversation's session depends on, besides the visitor's presence. */
  async sessionInputs(id: string): Promise<
    | {
        visitorId: string
        siteId: string
        status: ConversationStatus
        presence: PresenceState
        lastVisitorMessageAt: number
        session: { state: 'active' | 'inactive'; inactiveReason: InactiveReason | null }
      }
    | undefined
  > {
    const row = await this.#db
      .selectFrom('conversations as c')
      .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
      .select([
        'c.visitor_id',
        'c.site_id',
        'c.status',
        'c.last_visitor_message_at',
        'c.created_at',
        'c.session_state',
        'c.inactive_reason',
        'v.presence_state',
      ])
      .where('c.id', '=', id)
      .executeTakeFirst()
    return (
      row && {
        visitorId: row.visitor_id,
        siteId: row.site_id,
        status: row.status,
        presence: row.presence_state,
        lastVisitorMessageAt: row.last_visitor_message_at ?? row.created_at,
        session: { state: row.session_state, inactiveReason: row.inactive_reason },
      }
    )
  }

  /** The conversations whose session is active: at start, the ones whose timers must be set again. */
  async withActiveSession(): Promise<string[]> {
    const rows = await this.#db.selectFrom('conversations').select('id').where('session_state', '=', 'active').execute()
    return rows.map((row) => row.id)
  }

  /** The conversations the agent owns that are not finished: the ones that go back to the queue when they are disabled. */
  async openOwnedBy(agentId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('conversations')
      .select('id')
      .where('assignee_id', '=', agentId)
      .where('status', '!=', 'finished')
      .execute()
    return rows.map((row) => row.id)
  }

  /** Stores a conversation's session state (through the group commit). */
  setSession(id: string, session: { state: 'active' | 'inactive'; inactiveReason: InactiveReason | null; since: number }): Promise<void> {
    return this.#commits.run(async (trx) => {
      await trx
        .updateTable('conversations')
        .set({ session_state: session.state, inactive_reason: session.inactiveReason, session_since: session.since })
        .where('id', '=', id)
        .execute()
    })
  }

  /** Messages numbered above `afterSeq`, oldest first, at most `limit`. */
  async messagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const rows = await this.#db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute()
    return rows.map(toMessage)
  }

  /**
   * Conversations for the queue: visitors who are online first, then away, then the rest; within each,
   * the longest waiting (the earliest last visitor message) first.
   */
  async list(filter: {
    id?: string
    status?: ConversationStatus | undefined
    session?: 'active' | 'inactive' | undefined
    /** An agent's id, or null for the conversations nobody owns. */
    assigneeId?: string | null | undefined
    /** A piece of the visitor's name or email or of any message's text, in any case. */
    search?: string | undefined
    limit: number
  }): Promise<ConversationSummary[]> {
    let query = this.#db
      .selectFrom('conversations as c')
      .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
      .leftJoin('messages as m', (join) => join.onRef('m.conversation_id', '=', 'c.id').onRef('m.seq', '=', 'c.last_seq'))
      .selectAll('c')
      .select([
        'v.id as visitor_id',
        'v.site_id as visitor_site_id',
        'v.token_hash as visitor_token_hash',
        'v.name as visitor_name',
        'v.email as visitor_email',
        'v.user_id as visitor_user_id',
        'v.created_at as visitor_created_at',
        'v.presence_state',
        'v.presence_reason',
        'v.presence_since',
        'v.widget_open',
        'v.page_url',
        'v.user_agent',
        'v.language',
        'v.time_zone',
        'v.last_seen_at',
        (eb) =>
          eb
            .exists(
              eb
                .selectFrom('verified_users as vu')
                .select('vu.visitor_id')
                .whereRef('vu.visitor_id', '=', 'v.id')
                .whereRef('vu.user_id', '=', 'v.user_id'),
            )
            .as('visitor_user_id_verified'),
        'm.author as last_author',
        'm.text as last_text',
        'm.created_at as last_created_at',
      ])
      .orderBy((eb) =>
        eb.case().when('v.presence_state', '=', 'online').then(0).when('v.presence_state', '=', 'away').then(1).else(2).end(),
      )
      .orderBy((eb) => eb.fn.coalesce('c.last_visitor_message_at', 'c.created_at'))
      .orderBy('c.id')
      .limit(filter.limit)
    if (filter.id !== undefined) query = query.where('c.id', '=', filter.id)
    if (filter.status !== undefined) query = query.where('c.status', '=', filter.status)
    if (filter.session !== undefined) query = query.where('c.session_state', '=', filter.session)
    if (filter.assigneeId !== undefined) {
      query = filter.assigneeId === null ? query.where('c.assignee_id', 'is', null) : query.where('c.assignee_id', '=', filter.assigneeId)
    }
    if (filter.search !== undefined) {
      // SQLite's LIKE ignores case (ASCII); `\` escapes the wildcards typed in the search.
      const pattern = `%${filter.search.replace(/[\\%_]/g, '\\$&')}%`
      const like = (column: string) => sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`
      query = query.where((eb) =>
        eb.or([
          like('v.name'),
          like('v.email'),
          eb.exists(eb.selectFrom('messages as sm').select('sm.seq').whereRef('sm.conversation_id', '=', 'c.id').where(like('sm.text'))),
        ]),
      )
    }
    const rows = await query.execute()
    const ids = rows.map((row) => row.id)
    const [watermarks, unread] = await Promise.all([this.#receipts.watermarks(ids), this.#unread(ids)])
    return rows.map((row) =>
      toConversationSummary(
        row,
        {
          id: row.visitor_id,
          site_id: row.visitor_site_id,
          token_hash: row.visitor_token_hash,
          name: row.visitor_name,
          email: row.visitor_email,
          user_id: row.visitor_user_id,
          created_at: row.visitor_created_at,
          presence_state: row.presence_state,
          presence_reason: row.presence_reason,
          presence_since: row.presence_since,
          widget_open: row.widget_open,
          page_url: row.page_url,
          user_agent: row.user_agent,
          language: row.language,
          time_zone: row.time_zone,
          last_seen_at: row.last_seen_at,
          user_id_verified: Number(row.visitor_user_id_verified),
        },
        row.last_author === null || row.last_text === null || row.last_created_at === null
          ? null
          : { author: row.last_author, text: row.last_text, created_at: row.last_created_at },
        watermarks.get(row.id)!,
        unread.get(row.id) ?? 0,
      ),
    )
  }

  /**
   * Per conversation, the visitor messages numbered above the highest watermark of any agent: those
   * nobody on the team has seen. Asked for the conversations of one answer only, after its limit.
   */
  async #unread(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map()
    const rows = await this.#db
      .selectFrom('conversations as c')
      .select((eb) => [
        'c.id',
        eb
          .selectFrom('messages as um')
          .select((count) => count.fn.countAll<number>().as('count'))
          .whereRef('um.conversation_id', '=', 'c.id')
          .where('um.author', '=', 'visitor')
          .where(
            'um.seq',
            '>',
            eb.fn.coalesce(
              eb
                .selectFrom('read_receipts as r')
                .select((max) => max.fn.max('r.seq').as('seq'))
                .whereRef('r.conversation_id', '=', 'c.id')
                .where('r.reader', 'like', 'agent:%'),
              eb.lit(0),
            ),
          )
          .as('unread'),
      ])
      .where('c.id', 'in', ids)
      .execute()
    return new Map(rows.map((row) => [row.id, Number(row.unread ?? 0)]))
  }

  /**
   * Hands `from`'s conversation to `to` unless `to` has one: a verified user's record takes the
   * conversation they started before signing in. Returns the id of the conversation moved, if any.
   */
  async adopt(from: string, to: string): Promise<string | undefined> {
    return this.#commits.run(async (trx) => {
      const theirs = await trx.selectFrom('conversations').select('id').where('visitor_id', '=', to).executeTakeFirst()
      if (theirs) return undefined
      const moved = await trx
        .updateTable('conversations')
        .set({ visitor_id: to })
        .where('visitor_id', '=', from)
        .returning('id')
        .executeTakeFirst()
      return moved?.id
    })
  }
}
