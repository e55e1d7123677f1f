import type { Kysely, Migration } from 'kysely'

/**
 * What agents see of a visitor's browser: the page, `User-Agent`, language and time zone their latest
 * tab reported, and when a tab of theirs last connected. Null for visitors from before (and until
 * their next connection).
 */
export const visitorDetails: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [column, type] of [
      ['page_url', 'text'],
      ['user_agent', 'text'],
      ['language', 'text'],
      ['time_zone', 'text'],
      ['last_seen_at', 'integer'],
    ] as const) {
      await db.schema.alterTable('visitors').addColumn(column, type).execute()
    }
  },
}
