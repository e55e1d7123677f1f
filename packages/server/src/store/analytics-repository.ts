import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/** The team's numbers over a window of time; see the protocol's `Analytics` for each definition. */
export interface AnalyticsNumbers {
  finished: number
  active: number
  answered: number
  averageResponseMs: number | null
  averageHandlingMs: number | null
}

const people = ['visitor', 'agent'] as const
const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value))

/**
 * Aggregates over the window `(from, to]`, each one query that reads only the window's messages (by the
 * index on their time) or its finishes (by the index on `finished_at`).
 *
 * @example
 * ```ts
 * const numbers = await store.analytics.between(now - 86_400_000, now)
 * ```
 */
export class AnalyticsRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async between(from: number, to: number): Promise<AnalyticsNumbers> {
    const [finishes, active, answered, response] = await Promise.all([
      this.#finishes(from, to),
      this.#active(from, to),
      this.#answered(from, to),
      this.#averageResponse(from, to),
    ])
    return { finished: finishes.count, active, answered, averageResponseMs: response, averageHandlingMs: finishes.averageHandling }
  }

  /** Finished in the window (and not reopened since), and the mean of their `finished_at - created_at`. */
  async #finishes(from: number, to: number): Promise<{ count: number; averageHandling: number | null }> {
    const row = await this.#db
      .selectFrom('conversations')
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.avg(eb('finished_at', '-', eb.ref('created_at'))).as('handling')])
      .where('status', '=', 'finished')
      .where('finished_at', '>', from)
      .where('finished_at', '<=', to)
      .executeTakeFirstOrThrow()
    return { count: Number(row.count), averageHandling: numberOrNull(row.handling) }
  }

  /** Open now, with a visitor or agent message in the window. */
  async #active(from: number, to: number): Promise<number> {
    const row = await this.#db
      .selectFrom('conversations as c')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('c.status', 'in', ['unanswered', 'active'])
      .where('c.id', 'in', (eb) =>
        eb
          .selectFrom('messages as m')
          .select('m.conversation_id')
          .where('m.created_at', '>', from)
          .where('m.created_at', '<=', to)
          .where('m.author', 'in', people),
      )
      .executeTakeFirstOrThrow()
    return Number(row.count)
  }

  /** With an agent message in the window. */
  async #answered(from: number, to: number): Promise<number> {
    const row = await this.#db
      .selectFrom('messages')
      .select((eb) => eb.fn.count('conversation_id').distinct().as('count'))
      .where('author', '=', 'agent')
      .where('created_at', '>', from)
      .where('created_at', '<=', to)
      .executeTakeFirstOrThrow()
    return Number(row.count)
  }

  /**
   * The mean time from each turn's first visitor message in the window to the first agent message after
   * it, over the turns answered. A visitor message begins a turn when the visitor-or-agent message before
   * it is an agent's, or when there is none.
   */
  async #averageResponse(from: number, to: number): Promise<number | null> {
    const turns = this.#db
      .selectFrom('messages as m')
      .select((eb) => [
        'm.created_at as asked_at',
        eb
          .selectFrom('messages as r')
          .select('r.created_at')
          .whereRef('r.conversation_id', '=', 'm.conversation_id')
          .whereRef('r.seq', '>', 'm.seq')
          .where('r.author', '=', 'agent')
          .orderBy('r.seq')
          .limit(1)
          .as('answered_at'),
      ])
      .where('m.author', '=', 'visitor')
      .where('m.created_at', '>', from)
      .where('m.created_at', '<=', to)
      .where((eb) =>
        eb(
          eb.fn.coalesce(
            eb
              .selectFrom('messages as p')
              .select('p.author')
              .whereRef('p.conversation_id', '=', 'm.conversation_id')
              .whereRef('p.seq', '<', 'm.seq')
              .where('p.author', 'in', people)
              .orderBy('p.seq', 'desc')
              .limit(1),
            eb.val('agent'),
          ),
          '=',
          'agent',
        ),
      )
    const row = await this.#db
      .selectFrom(turns.as('turns'))
      .select((eb) => eb.fn.avg(eb('answered_at', '-', eb.ref('asked_at'))).as('average'))
      .where('answered_at', 'is not', null)
      .executeTakeFirstOrThrow()
    return numberOrNull(row.average)
  }
}
