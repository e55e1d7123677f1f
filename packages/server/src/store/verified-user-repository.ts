import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/**
 * The site's one visitor record for each user whose `userId` was proven with a valid `userHash`: where
 * their conversation lives, whichever browser they use.
 */
export class VerifiedUserRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** The visitor record of a verified user, if they have one. */
  async visitorOf(siteId: string, userId: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('verified_users')
      .select('visitor_id')
      .where('site_id', '=', siteId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row?.visitor_id
  }

  /** The verified user a visitor record belongs to, if any. */
  async userOf(visitorId: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('verified_users').select('user_id').where('visitor_id', '=', visitorId).executeTakeFirst()
    return row?.user_id
  }

  /**
   * Makes `visitorId` the user's record; false when the user has one already (another browser made it
   * first), which then stays.
   */
  async claim(siteId: string, userId: string, visitorId: string, now: number): Promise<boolean> {
    const result = await this.#db
      .insertInto('verified_users')
      .values({ site_id: siteId, user_id: userId, visitor_id: visitorId, verified_at: now })
      .onConflict((conflict) => conflict.columns(['site_id', 'user_id']).doNothing())
      .executeTakeFirst()
    return result.numInsertedOrUpdatedRows === 1n
  }
}
