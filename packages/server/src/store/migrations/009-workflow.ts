import { sql, type Kysely, type Migration } from 'kysely'

/**
 * The agents' workflow: a conversation's priority, tags (a JSON array), group and when it was finished;
 * private notes; the team's canned responses. Indexes for the analytics window (messages and finishes
 * by time) and the `assignee` filter. A conversation finished before this migration is taken as finished
 * at its last update, the best time known.
 */
export const workflow: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('conversations')
      .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
      .execute()
    await db.schema
      .alterTable('conversations')
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute()
    await db.schema.alterTable('conversations').addColumn('group_name', 'text').execute()
    await db.schema.alterTable('conversations').addColumn('finished_at', 'bigint').execute()
    await db
      .updateTable('conversations' as never)
      .set({ finished_at: sql.ref('updated_at') } as never)
      .where(sql.ref('status'), '=', 'finished')
      .execute()
    await db.schema.createIndex('conversations_finished_at').on('conversations').column('finished_at').execute()
    await db.schema.createIndex('conversations_assignee').on('conversations').column('assignee_id').execute()
    await db.schema.createIndex('messages_created_at').on('messages').column('created_at').execute()

    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('agent_name', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute()
    // A conversation's notes, newest first (ids are time-ordered).
    await db.schema.createIndex('notes_conversation').on('notes').columns(['conversation_id', 'id']).execute()

    await db.schema
      .createTable('canned_responses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('shortcut', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()
  },
}
