import type { Kysely, Transaction } from 'kysely'
import type { Database } from './schema.js'

/** What the writes of one commit share. */
export class Batch {
  readonly #finishers = new Map<unknown, () => Promise<void>>()

  /**
   * Runs `finish` once, after the last write of this commit and before it commits: a write that many
   * others repeat (such as advancing a conversation) can be done once per commit instead of once each.
   * A second call with the same key keeps the first function.
   */
  beforeCommit(key: unknown, finish: () => Promise<void>): void {
    if (!this.#finishers.has(key)) this.#finishers.set(key, finish)
  }

  /** @internal */
  async finish(): Promise<void> {
    for (const finish of this.#finishers.values()) await finish()
  }
}

/** One unit of work in a shared commit. */
export type Write<T> = (trx: Transaction<Database>, batch: Batch) => Promise<T>

interface Pending {
  write: Write<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/** The most writes one commit carries. */
const maxBatch = 2048

/**
 * Group commit: every write that arrives while a commit is being written joins the next one, so a busy
 * server pays one durable commit (fsync) for many writes instead of one each, and each promise settles
 * only after its write is on disk. A failing batch is retried write by write, so one bad write cannot
 * take the others down with it. Writes run in the order they were queued.
 *
 * @example
 * ```ts
 * const commits = new GroupCommit(db)
 * const id = await commits.run((trx) => trx.insertInto('sites').values(site).execute())
 * ```
 */
export class GroupCommit {
  readonly #db: Kysely<Database>
  #queue: Pending[] = []
  #running: Promise<void> | undefined

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** Queues a write for the next commit; resolves with its result once that commit is on disk. */
  run<T>(write: Write<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject })
      this.#running ??= this.#drain()
    })
  }

  /** Resolves once every write queued so far is committed. */
  async drained(): Promise<void> {
    while (this.#running) await this.#running
  }

  async #drain(): Promise<void> {
    // Yield once so that writes queued in the same turn of the event loop share the commit.
    await new Promise((resolve) => setImmediate(resolve))
    while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, maxBatch))
    this.#running = undefined
  }

  async #commit(batch: Pending[]): Promise<void> {
    try {
      const results = await this.#db.transaction().execute(async (trx) => {
        const shared = new Batch()
        const values: unknown[] = []
        for (const { write } of batch) values.push(await write(trx, shared))
        await shared.finish()
        return values
      })
      batch.forEach((pending, index) => pending.resolve(results[index]))
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error)
      for (const pending of batch) await this.#commit([pending])
    }
  }
}
