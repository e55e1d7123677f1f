import type { Kysely, Migration } from 'kysely'

/** Sign-in attempts counted per account, so that every server node sees the same count. */
export const signInAttempts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sign_in_attempts')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('window_ends_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('sign_in_attempts_window_ends_at').on('sign_in_attempts').column('window_ends_at').execute()
  },
}
