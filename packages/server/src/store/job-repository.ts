import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { Database, JobTable } from './schema.js'
import { timeOrderedId } from './time-ordered-id.js'

/** A job some node holds the lease on: what its handler gets, and what identifies the claim. */
export interface ClaimedJob {
  id: string
  kind: string
  key: string
  payload: unknown
  dueAt: number
  /** 1 for the first claim since the job was (re)scheduled. */
  attempt: number
  /** The claim: the lease owner the claim set and the schedule it claimed. */
  claim: { owner: string; version: number }
}

/** A job that will not run again, kept so that agents and admins can see what failed. */
export interface FailedJob {
  kind: string
  key: string
  payload: unknown
  dueAt: number
  attempts: number
  lastError: string
  failedAt: number
}

/** Which failed jobs to list. */
export interface FailureFilter {
  kind?: string
  /** Only keys that start with this, such as a conversation's id. */
  keyPrefix?: string
  /** At most this many; 100 by default, 1000 at most. */
  limit?: number
}

/**
 * Which kinds of job a claim or a look-ahead covers: those in `kinds`, and with `allBut`, every kind not
 * in it too (the kinds nobody on this node handles).
 */
export interface JobKinds {
  kinds: readonly string[]
  allBut?: readonly string[]
}

/** The longest error message kept with a job. */
const maxErrorLength = 2000

/** The largest payload a job may carry, in characters of JSON: jobs carry ids, not documents. */
export const maxJobPayload = 64 * 1024

// A literal, not a parameter: a parameter cannot prove to the planner that the partial indexes apply.
const pending = sql.lit<'pending'>('pending')

const parse = (payload: string): unknown => JSON.parse(payload)

/** The condition on `kind` for a {@link JobKinds}; undefined when it covers no kind at all. */
function kindIn({ kinds, allBut }: JobKinds) {
  if (kinds.length === 0 && !allBut) return undefined
  return (eb: ExpressionBuilder<Database, 'jobs'>) => {
    const either = []
    if (kinds.length > 0) either.push(eb('kind', 'in', kinds))
    if (allBut) either.push(allBut.length > 0 ? eb('kind', 'not in', allBut) : eb.lit(true))
    return eb.or(either)
  }
}

/**
 * The jobs table. Each method is one statement, so each is atomic on its own on any database; no lock is
 * held across statements, and several server nodes can share the table.
 *
 * A claim is the heart of it: see {@link claim}. A claim's end ({@link complete}, {@link retry},
 * {@link fail}) changes the row only if it is still that claim's (same lease owner) and nobody
 * rescheduled the job meanwhile (same version); a rescheduled job just loses its lease and stays pending
 * for its new due time.
 */
export class JobRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /**
   * Schedules `kind`+`key` at `dueAt`, or replaces the pending job of that kind and key: new due time,
   * payload and version, attempts and error reset. A job being run keeps its lease (the claim cannot be
   * taken by another node before it ends), and its end leaves the new schedule pending.
   */
  async schedule(job: { kind: string; key: string; dueAt: number; payload: unknown }, now: number): Promise<void> {
    const payload = JSON.stringify(job.payload ?? null)
    if (payload.length > maxJobPayload) throw new RangeError(`a job's payload is limited to ${maxJobPayload} characters of JSON`)
    await this.#db
      .insertInto('jobs')
      .values({
        id: timeOrderedId(now),
        kind: job.kind,
        key: job.key,
        payload,
        due_at: job.dueAt,
        run_at: job.dueAt,
        attempts: 0,
        version: 0,
        status: 'pending',
        created_at: now,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['kind', 'key'])
          .where('status', '=', pending)
          .doUpdateSet((eb) => ({
            payload: eb.ref('excluded.payload'),
            due_at: eb.ref('excluded.due_at'),
            // While leased, run_at is the lease's end: it holds until then (or until the claim ends).
            run_at: eb
              .case()
              .when(eb.and([eb('jobs.lease_owner', 'is not', null), eb('jobs.run_at', '>', eb.ref('excluded.due_at'))]))
              .then(eb.ref('jobs.run_at'))
              .else(eb.ref('excluded.due_at'))
              .end(),
            attempts: 0,
            version: eb('jobs.version', '+', 1),
            last_error: null,
          })),
      )
      .execute()
  }

  /** Deletes the pending job of that kind and key; true if there was one. A run in progress finishes. */
  async cancel(kind: string, key: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('jobs')
      .where('kind', '=', kind)
      .where('key', '=', key)
      .where('status', '=', pending)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  /**
   * Claims up to `limit` due jobs (of the given kinds, else of any) for `owner` until `leaseUntil`: the pending ones
   * whose run time has come, which includes those whose lease ran out (their node died or hung). One
   * UPDATE with the selection as a subquery: SQLite runs a writing statement as one transaction that
   * takes the write lock before it reads (as BEGIN IMMEDIATE would), so no other connection can claim the
   * same rows in between. On PostgreSQL the subquery takes `FOR UPDATE SKIP LOCKED`, so that concurrent
   * nodes skip each other's rows instead of waiting for them or claiming them twice. The scheduler claims
   * each kind on its own, so that the backlog of one kind cannot hold back another's due jobs.
   */
  async claim(owner: string, now: number, leaseUntil: number, limit: number, kinds?: JobKinds): Promise<ClaimedJob[]> {
    const ofKinds = kinds && kindIn(kinds)
    if ((kinds && !ofKinds) || limit <= 0) return []
    let due = this.#db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', pending)
      .where('run_at', '<=', now)
      .orderBy('run_at')
      .limit(limit)
    if (ofKinds) due = due.where(ofKinds)
    const rows = await this.#db
      .updateTable('jobs')
      .set((eb) => ({ lease_owner: owner, run_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .returning(['id', 'kind', 'key', 'payload', 'due_at', 'attempts', 'version'])
      .execute()
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      key: row.key,
      payload: parse(row.payload),
      dueAt: Number(row.due_at),
      attempt: row.attempts,
      claim: { owner, version: row.version },
    }))
  }

  /** The claim succeeded: the job is done and deleted, unless it was rescheduled meanwhile. */
  async complete(job: ClaimedJob): Promise<void> {
    const result = await this.#db
      .deleteFrom('jobs')
      .where('id', '=', job.id)
      .where('lease_owner', '=', job.claim.owner)
      .where('version', '=', job.claim.version)
      .executeTakeFirst()
    if (result.numDeletedRows === 0n) await this.#release(job)
  }

  /** The claim failed and the job runs again at `runAt`, unless it was rescheduled meanwhile. */
  async retry(job: ClaimedJob, runAt: number, error: string): Promise<void> {
    await this.#end(job, { run_at: runAt, last_error: error.slice(0, maxErrorLength) })
  }

  /** The claim failed for good: the job is kept as failed, unless it was rescheduled meanwhile. */
  async fail(job: ClaimedJob, error: string, now: number): Promise<void> {
    await this.#end(job, { status: 'failed', failed_at: now, last_error: error.slice(0, maxErrorLength) })
  }

  /**
   * When the next pending job (of the given kinds, else of any) may be claimed (it may be now or past);
   * undefined when there is none.
   */
  async nextRunAt(kinds?: JobKinds): Promise<number | undefined> {
    let query = this.#db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('run_at').as('next'))
      .where('status', '=', pending)
    if (kinds) {
      const ofKinds = kindIn(kinds)
      if (!ofKinds) return undefined
      query = query.where(ofKinds)
    }
    const row = await query.executeTakeFirst()
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next)
  }

  /** Failed jobs, newest first. */
  async failures(filter: FailureFilter = {}): Promise<FailedJob[]> {
    let query = this.#db
      .selectFrom('jobs')
      .select(['kind', 'key', 'payload', 'due_at', 'attempts', 'last_error', 'failed_at'])
      .where('status', '=', sql.lit<'failed'>('failed'))
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind)
    const prefix = filter.keyPrefix
    // substr rather than LIKE: a key may hold % or _, and both databases count characters alike.
    if (prefix) query = query.where((eb) => eb(eb.fn('substr', ['key', eb.val(1), eb.val(prefix.length)]), '=', prefix))
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 100)), 1000)
    const rows = await query.orderBy('failed_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
    return rows.map((row) => ({
      kind: row.kind,
      key: row.key,
      payload: parse(row.payload),
      dueAt: Number(row.due_at),
      attempts: row.attempts,
      lastError: row.last_error ?? '',
      failedAt: Number(row.failed_at),
    }))
  }

  async #end(job: ClaimedJob, changes: Partial<JobTable>): Promise<void> {
    const result = await this.#db
      .updateTable('jobs')
      .set({ ...changes, lease_owner: null })
      .where('id', '=', job.id)
      .where('lease_owner', '=', job.claim.owner)
      .where('version', '=', job.claim.version)
      .executeTakeFirst()
    if (result.numUpdatedRows === 0n) await this.#release(job)
  }

  /** Gives up the claim of a rescheduled job: it is pending for its new due time (nothing if the claim was lost). */
  async #release(job: ClaimedJob): Promise<void> {
    await this.#db
      .updateTable('jobs')
      .set((eb) => ({ lease_owner: null, run_at: eb.ref('due_at') }))
      .where('id', '=', job.id)
      .where('lease_owner', '=', job.claim.owner)
      .execute()
  }
}
