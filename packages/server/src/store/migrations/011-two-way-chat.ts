import type { Kysely, Migration } from 'kysely'

/** Whether a site's widget takes visitors' messages (1, the default) or only shows replies (0). */
export const twoWayChat: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('sites')
      .addColumn('two_way_chat', 'integer', (c) => c.notNull().defaultTo(1))
      .execute()
  },
}
