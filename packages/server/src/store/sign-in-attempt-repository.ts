import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/** The sign-in attempts made under one key in its current window. */
export interface SignInAttempts {
  /** How many, this one included. */
  count: number
  /** When the window ends and the count starts again, in milliseconds since the epoch. */
  windowEndsAt: number
}

/**
 * Sign-in attempts counted per key (the auth routes key them by account) in fixed windows. The count is
 * in the database, not in memory, so that several server nodes share it.
 */
export class SignInAttemptRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /**
   * Counts one more attempt under `key`; the first attempt after a window ended opens a new one of
   * `window` ms. Each attempt gets its own count even when several run at once, on any node: the count is
   * incremented by the database, not read and written back.
   */
  async record(key: string, now: number, window: number): Promise<SignInAttempts> {
    // Ended windows are dropped first (also other keys': nothing else would), so the upsert below either
    // opens a window or counts in a live one.
    await this.#db.deleteFrom('sign_in_attempts').where('window_ends_at', '<=', now).execute()
    const row = await this.#db
      .insertInto('sign_in_attempts')
      .values({ key, attempts: 1, window_ends_at: now + window })
      .onConflict((conflict) => conflict.column('key').doUpdateSet((eb) => ({ attempts: eb('sign_in_attempts.attempts', '+', 1) })))
      .returning(['attempts', 'window_ends_at'])
      .executeTakeFirstOrThrow()
    return { count: row.attempts, windowEndsAt: Number(row.window_ends_at) }
  }

  /** Forgets the attempts under `key` (after a successful sign-in). */
  async reset(key: string): Promise<void> {
    await this.#db.deleteFrom('sign_in_attempts').where('key', '=', key).execute()
  }
}
