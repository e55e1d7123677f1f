import type { Kysely, Migration } from 'kysely'

/**
 * Follow-up emails: where each conversation's follow-up stands (and the page its visitor started on), the
 * emails sent (so that a retry or a restart never sends one twice), the return links' tokens (hashed)
 * and the visitors who unsubscribed.
 */
export const followups: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('followup_states')
      .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id').onDelete('cascade'))
      .addColumn('start_url', 'text')
      .addColumn('state', 'text')
      .addColumn('error', 'text')
      .addColumn('state_at', 'bigint')
      // Raised by every change of the state: a follow-up run records its outcome only if nothing (a read,
      // a newer reply) changed the state while it ran.
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.createIndex('followup_states_state').on('followup_states').column('state').execute()

    await db.schema
      .createTable('followups_sent')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('first_seq', 'integer', (c) => c.notNull())
      .addColumn('last_seq', 'integer', (c) => c.notNull())
      .addColumn('sent_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('followups_sent_conversation').on('followups_sent').columns(['conversation_id', 'last_seq']).execute()

    await db.schema
      .createTable('resume_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute()
    // Long expired tokens are forgotten by expiry.
    await db.schema.createIndex('resume_tokens_expires_at').on('resume_tokens').column('expires_at').execute()

    await db.schema
      .createTable('followup_unsubscribes')
      .addColumn('visitor_id', 'text', (c) => c.primaryKey().references('visitors.id').onDelete('cascade'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute()
  },
}
