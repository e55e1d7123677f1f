import type { Kysely, Migration } from 'kysely'

/**
 * Read receipts: one watermark per participant and conversation. `reader` is `visitor` or
 * `agent:<agent id>`, so that both kinds of reader share one key and one conditional upsert.
 */
export const readReceipts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('read_receipts')
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('reader', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('read_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('read_receipts_pk', ['conversation_id', 'reader'])
      .execute()
  },
}
