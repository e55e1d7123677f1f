import type { CannedResponse } from '@porchlight/protocol'
import type { Kysely } from 'kysely'
import type { CannedResponseTable, Database } from './schema.js'

const iso = (milliseconds: number) => new Date(milliseconds).toISOString()
const toCannedResponse = (row: CannedResponseTable): CannedResponse => ({
  id: row.id,
  shortcut: row.shortcut,
  title: row.title,
  text: row.text,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
})

/** Why a canned response was not written. */
export type CannedRefusal = 'canned_response_exists' | 'too_many_canned_responses' | 'canned_response_not_found'

/**
 * The team's canned responses, each with a unique shortcut. Every write is one conditional statement, so
 * that two admins racing cannot exceed the cap or share a shortcut.
 *
 * @example
 * ```ts
 * const created = await store.cannedResponses.create({ id, shortcut: 'hi', title: 'Hello', text: 'Hello!', now }, 1000)
 * if ('refused' in created) throw new PorchlightError(created.refused)
 * ```
 */
export class CannedResponseRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** Every canned response, by shortcut. */
  async list(): Promise<CannedResponse[]> {
    return (await this.#db.selectFrom('canned_responses').selectAll().orderBy('shortcut').execute()).map(toCannedResponse)
  }

  /** Adds one unless its shortcut is taken or the team has `max` already. */
  async create(
    input: { id: string; shortcut: string; title: string; text: string; now: number },
    max: number,
  ): Promise<CannedResponse | { refused: CannedRefusal }> {
    const row: CannedResponseTable = { ...input, created_at: input.now, updated_at: input.now }
    const inserted = await this.#db
      .insertInto('canned_responses')
      .columns(['id', 'shortcut', 'title', 'text', 'created_at', 'updated_at'])
      .expression(
        this.#db
          .selectNoFrom((eb) => [
            eb.val(row.id).as('id'),
            eb.val(row.shortcut).as('shortcut'),
            eb.val(row.title).as('title'),
            eb.val(row.text).as('text'),
            eb.val(row.created_at).as('created_at'),
            eb.val(row.updated_at).as('updated_at'),
          ])
          .where((eb) =>
            eb(
              eb.selectFrom('canned_responses').select((count) => count.fn.countAll().as('count')),
              '<',
              max,
            ),
          ),
      )
      .onConflict((conflict) => conflict.column('shortcut').doNothing())
      .executeTakeFirst()
    if (inserted.numInsertedOrUpdatedRows === 1n) return toCannedResponse(row)
    return { refused: (await this.#taken(input.shortcut)) ? 'canned_response_exists' : 'too_many_canned_responses' }
  }

  /** Changes what is given, unless another one has the new shortcut. */
  async update(
    id: string,
    patch: { shortcut?: string | undefined; title?: string | undefined; text?: string | undefined },
    now: number,
  ): Promise<CannedResponse | { refused: CannedRefusal }> {
    let query = this.#db
      .updateTable('canned_responses')
      .set({
        ...(patch.shortcut !== undefined && { shortcut: patch.shortcut }),
        ...(patch.title !== undefined && { title: patch.title }),
        ...(patch.text !== undefined && { text: patch.text }),
        updated_at: now,
      })
      .where('id', '=', id)
    const { shortcut } = patch
    if (shortcut !== undefined) {
      query = query.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('canned_responses as other')
              .select('other.id')
              .where('other.shortcut', '=', shortcut)
              .where('other.id', '!=', id),
          ),
        ),
      )
    }
    const row = await query.returningAll().executeTakeFirst()
    if (row) return toCannedResponse(row)
    const found = await this.#db.selectFrom('canned_responses').select('id').where('id', '=', id).executeTakeFirst()
    return { refused: found ? 'canned_response_exists' : 'canned_response_not_found' }
  }

  /** Deletes one; resolves whether it existed. */
  async remove(id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('canned_responses').where('id', '=', id).executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async #taken(shortcut: string): Promise<boolean> {
    return (await this.#db.selectFrom('canned_responses').select('id').where('shortcut', '=', shortcut).executeTakeFirst()) !== undefined
  }
}
