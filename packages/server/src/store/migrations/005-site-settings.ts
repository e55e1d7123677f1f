import type { Kysely, Migration } from 'kysely'

/**
 * Each site's own settings (null: the server's default), verified users (one visitor record per site
 * and verified user) and the extra tokens that let other browsers of a verified user reach it.
 */
export const siteSettings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sites').addColumn('allowed_origins', 'text').execute()
    await db.schema
      .alterTable('sites')
      .addColumn('identity_required', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    for (const column of ['heartbeat_interval', 'offline_grace', 'away_after', 'idle_after', 'inactivity_window', 'followup_delay']) {
      await db.schema.alterTable('sites').addColumn(column, 'bigint').execute()
    }
    await db.schema
      .alterTable('sites')
      .addColumn('followup_enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .execute()
    for (const column of ['return_url', 'sender_name', 'reply_to']) {
      await db.schema.alterTable('sites').addColumn(column, 'text').execute()
    }

    await db.schema
      .createTable('verified_users')
      .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('verified_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('verified_users_pk', ['site_id', 'user_id'])
      .execute()
    await db.schema.createIndex('verified_users_visitor').on('verified_users').column('visitor_id').execute()

    await db.schema
      .createTable('visitor_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('visitor_tokens_visitor').on('visitor_tokens').column('visitor_id').execute()
  },
}
