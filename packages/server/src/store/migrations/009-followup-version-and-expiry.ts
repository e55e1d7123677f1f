import type { Kysely, Migration } from 'kysely'

/**
 * A version on each conversation's follow-up state, raised by every change of it: a follow-up run records
 * its outcome only if nothing (a read, a newer reply) changed the state while it ran. And return-link
 * tokens by expiry, for forgetting the long expired ones.
 */
export const followupVersionAndExpiry: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('followup_states')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.createIndex('resume_tokens_expires_at').on('resume_tokens').column('expires_at').execute()
  },
}
