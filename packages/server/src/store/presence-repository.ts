import type { PresenceChange } from '@porchlight/protocol'
import type { Kysely } from 'kysely'
import type { PresenceRecord } from '../presence/presence-engine.js'
import type { GroupCommit } from './group-commit.js'
import { parameter, queryTemplate } from './query-template.js'
import type { Database } from './schema.js'

/** A visitor's presence change, to record or as recorded. */
export interface VisitorPresenceChange {
  visitorId: string
  conversationId: string | null
  entry: PresenceRecord
}

/** The visitors' current presence and their presence timelines. */
export class PresenceRepository {
  readonly #db: Kysely<Database>
  readonly #commits: GroupCommit
  readonly #setCurrent
  readonly #addToTimeline

  constructor(db: Kysely<Database>, commits: GroupCommit) {
    this.#db = db
    this.#commits = commits
    // A busy moment records many changes in one commit: compiled once, they cost SQLite's time only.
    this.#setCurrent = queryTemplate<unknown, { id: string; state: string; reason: string; since: number; widgetOpen: number }>(
      db
        .updateTable('visitors')
        .set({
          presence_state: parameter('state'),
          presence_reason: parameter('reason'),
          presence_since: parameter('since'),
          widget_open: parameter('widgetOpen'),
        })
        .where('id', '=', parameter('id')),
    )
    this.#addToTimeline = queryTemplate<
      unknown,
      { visitorId: string; conversationId: string | null; state: string; reason: string; widgetOpen: number; at: number }
    >(
      db.insertInto('presence_changes').values({
        visitor_id: parameter('visitorId'),
        conversation_id: parameter('conversationId'),
        state: parameter('state'),
        reason: parameter('reason'),
        widget_open: parameter('widgetOpen'),
        at: parameter('at'),
      }),
    )
  }

  /**
   * Records changes: each visitor's current presence and a timeline entry, all in one shared commit.
   */
  record(changes: readonly VisitorPresenceChange[]): Promise<void> {
    return this.#commits.run(async (trx) => {
      for (const { visitorId, conversationId, entry } of changes) {
        const { state, reason, since } = entry
        const widgetOpen = entry.widgetOpen ? 1 : 0
        await trx.executeQuery(this.#setCurrent({ id: visitorId, state, reason, since, widgetOpen }))
        await trx.executeQuery(this.#addToTimeline({ visitorId, conversationId, state, reason, widgetOpen, at: since }))
      }
    })
  }

  /** Visitors whose stored presence is not offline: at start, the ones a stopped server left behind. */
  async notOffline(): Promise<Array<VisitorPresenceChange & { siteId: string }>> {
    const rows = await this.#db
      .selectFrom('visitors as v')
      .leftJoin('conversations as c', 'c.visitor_id', 'v.id')
      .select([
        'v.id',
        'v.site_id',
        'v.presence_state',
        'v.presence_reason',
        'v.presence_since',
        'v.widget_open',
        'c.id as conversation_id',
      ])
      .where('v.presence_state', '!=', 'offline')
      .execute()
    return rows.map((row) => ({
      visitorId: row.id,
      siteId: row.site_id,
      conversationId: row.conversation_id,
      entry: { state: row.presence_state, reason: row.presence_reason, widgetOpen: row.widget_open === 1, since: row.presence_since },
    }))
  }

  /** A visitor's presence timeline, oldest first, the newest `limit` entries. */
  async timeline(visitorId: string, limit: number): Promise<PresenceChange[]> {
    const rows = await this.#db
      .selectFrom('presence_changes')
      .selectAll()
      .where('visitor_id', '=', visitorId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.reverse().map((row) => ({
      state: row.state,
      reason: row.reason,
      widgetOpen: row.widget_open === 1,
      at: new Date(row.at).toISOString(),
      conversationId: row.conversation_id,
    }))
  }
}
