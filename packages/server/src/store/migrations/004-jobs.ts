import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Durable jobs: everything due later, run once by whichever server node claims it (see JobRepository).
 * The partial indexes take their predicate as a literal so that both SQLite and PostgreSQL can prove a
 * query's `status = 'pending'` matches them.
 */
export const jobs: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lease_owner', 'text')
      .addColumn('last_error', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('failed_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute()
    // One pending job per kind and key; failed ones stay as a record and do not block a new schedule.
    await db.schema
      .createIndex('jobs_pending_kind_key')
      .on('jobs')
      .columns(['kind', 'key'])
      .unique()
      .where(sql.ref('status'), '=', sql.lit('pending'))
      .execute()
    // Due and not leased: the claim and the scheduler's "when next" both read only this.
    await db.schema
      .createIndex('jobs_pending_run_at')
      .on('jobs')
      .column('run_at')
      .where(sql.ref('status'), '=', sql.lit('pending'))
      .execute()
    await db.schema
      .createIndex('jobs_failed_at')
      .on('jobs')
      .columns(['failed_at', 'id'])
      .where(sql.ref('status'), '=', sql.lit('failed'))
      .execute()
  },
}
