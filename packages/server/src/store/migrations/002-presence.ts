import type { Kysely, Migration } from 'kysely'

/** Presence: the visitor's current presence, the presence timeline, and each conversation's session. */
export const presence: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('visitors').addColumn('presence_state', 'text', (c) => c.notNull().defaultTo('offline')).execute()
    await db.schema.alterTable('visitors').addColumn('presence_reason', 'text', (c) => c.notNull().defaultTo('network_lost')).execute()
    await db.schema.alterTable('visitors').addColumn('presence_since', 'bigint', (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.alterTable('visitors').addColumn('widget_open', 'integer', (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.createIndex('visitors_presence_state').on('visitors').column('presence_state').execute()

    await db.schema
      .createTable('presence_changes')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
      .addColumn('conversation_id', 'text', (c) => c.references('conversations.id').onDelete('set null'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('widget_open', 'integer', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('presence_changes_visitor').on('presence_changes').columns(['visitor_id', 'id']).execute()

    await db.schema.alterTable('conversations').addColumn('session_state', 'text', (c) => c.notNull().defaultTo('active')).execute()
    await db.schema.alterTable('conversations').addColumn('inactive_reason', 'text').execute()
    await db.schema.alterTable('conversations').addColumn('session_since', 'bigint', (c) => c.notNull().defaultTo(0)).execute()
    await db.schema.alterTable('conversations').addColumn('last_visitor_message_at', 'bigint').execute()
  },
}
