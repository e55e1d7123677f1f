import { sql, type Kysely, type Migration } from 'kysely'

/**
 * The team: agents can be disabled and have a stored presence (so that any node can tell whether the
 * team is online), sites can hide the launcher while nobody is, and one row holds team monitoring: its
 * settings and where the current episode stands.
 */
export const team: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('agents')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema
      .alterTable('agents')
      .addColumn('presence_state', 'text', (c) => c.notNull().defaultTo('offline'))
      .execute()
    await db.schema
      .alterTable('agents')
      .addColumn('presence_since', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute()
    // An agent's presence has not changed since they were created, not since 1970.
    await db
      .updateTable('agents' as never)
      .set({ presence_since: sql.ref('created_at') } as never)
      .execute()
    await db.schema
      .alterTable('sites')
      .addColumn('hide_launcher_when_team_offline', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema
      .createTable('team_monitoring')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('addresses', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('offline_after', 'bigint')
      .addColumn('online_after', 'bigint')
      .addColumn('offline_since', 'bigint')
      .addColumn('online_since', 'bigint')
      .addColumn('alerted', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  },
}
