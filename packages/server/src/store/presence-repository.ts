import type { PresenceChange, PresenceReason, PresenceState } from '@porchlight/protocol'
import type { Kysely } from 'kysely'
import type { GroupCommit } from './group-commit.js'
import type { Database } from './schema.js'

/** A presence change to record: the visitor's new presence and the time it began. */
export interface PresenceEntry {
  state: PresenceState
  reason: PresenceReason
  widgetOpen: boolean
  since: number
}

/** The visitors' current presence and their presence timelines. */
export class PresenceRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly commits: GroupCommit,
  ) {}

  /**
   * Records a change: the visitor's current presence and a timeline entry, in the shared commit (the
   * many changes of a busy moment cost one fsync).
   */
  record(visitorId: string, conversationId: string | null, entry: PresenceEntry): Promise<void> {
    const widgetOpen = entry.widgetOpen ? 1 : 0
    return this.commits.run(async (trx) => {
      await trx
        .updateTable('visitors')
        .set({ presence_state: entry.state, presence_reason: entry.reason, presence_since: entry.since, widget_open: widgetOpen })
        .where('id', '=', visitorId)
        .execute()
      await trx
        .insertInto('presence_changes')
        .values({
          visitor_id: visitorId,
          conversation_id: conversationId,
          state: entry.state,
          reason: entry.reason,
          widget_open: widgetOpen,
          at: entry.since,
        })
        .execute()
    })
  }

  /** Visitors whose stored presence is not offline: at start, the ones a stopped server left behind. */
  async notOffline(): Promise<Array<{ visitorId: string; conversationId: string | null; entry: PresenceEntry }>> {
    const rows = await this.db
      .selectFrom('visitors as v')
      .leftJoin('conversations as c', 'c.visitor_id', 'v.id')
      .select(['v.id', 'v.presence_state', 'v.presence_reason', 'v.presence_since', 'v.widget_open', 'c.id as conversation_id'])
      .where('v.presence_state', '!=', 'offline')
      .execute()
    return rows.map((row) => ({
      visitorId: row.id,
      conversationId: row.conversation_id,
      entry: { state: row.presence_state, reason: row.presence_reason, widgetOpen: row.widget_open === 1, since: row.presence_since },
    }))
  }

  /** A visitor's presence timeline, oldest first, the newest `limit` entries. */
  async timeline(visitorId: string, limit: number): Promise<PresenceChange[]> {
    const rows = await this.db
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
