import type { Kysely, Migration } from 'kysely'

/**
 * Presence: the visitor's current presence, the presence timeline, and each conversation's session; and
 * a visitor's conversations indexed by time.
 */
export const presence: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('visitors')
      .addColumn('presence_state', 'text', (c) => c.notNull().defaultTo('offline'))
      .execute()
    await db.schema
      .alterTable('visitors')
      .addColumn('presence_reason', 'text', (c) => c.notNull().defaultTo('network_lost'))
      .execute()
    await db.schema
      .alterTable('visitors')
      .addColumn('presence_since', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema
      .alterTable('visitors')
      .addColumn('widget_open', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
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

    await db.schema
      .alterTable('conversations')
      .addColumn('session_state', 'text', (c) => c.notNull().defaultTo('active'))
      .execute()
    await db.schema.alterTable('conversations').addColumn('inactive_reason', 'text').execute()
    await db.schema
      .alterTable('conversations')
      .addColumn('session_since', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.alterTable('conversations').addColumn('last_visitor_message_at', 'bigint').execute()
    // Finding a visitor's latest conversation (every message does) needs no sort with created_at in the index.
    await db.schema.dropIndex('conversations_visitor').execute()
    await db.schema.createIndex('conversations_visitor_created').on('conversations').columns(['visitor_id', 'created_at']).execute()
    // The queue is ordered by presence and waiting time now, not by updated_at, which changes with every
    // message and made every message rewrite this index.
    await db.schema.dropIndex('conversations_site_status_updated').execute()
    await db.schema.createIndex('conversations_status').on('conversations').columns(['status']).execute()
    await db.schema.createIndex('conversations_session_state').on('conversations').columns(['session_state']).execute()
  },
}
