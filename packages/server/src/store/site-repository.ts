import type { Kysely } from 'kysely'
import type { Database, SiteTable } from './schema.js'

/** A website the widget is embedded on. */
export interface Site {
  id: string
  name: string
  /** Verifies `identify` calls: hex HMAC-SHA256(identitySecret, userId). Null: identities are unverified. */
  identitySecret: string | null
  createdAt: number
}

const toSite = (row: SiteTable): Site => ({ id: row.id, name: row.name, identitySecret: row.identity_secret, createdAt: row.created_at })

/** The websites the widget is embedded on. */
export class SiteRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** Creates the site unless it exists; used to seed the `default` site. */
  async ensure(id: string, name: string, now: number): Promise<void> {
    await this.#db
      .insertInto('sites')
      .values({ id, name, identity_secret: null, created_at: now })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute()
  }

  async find(id: string): Promise<Site | undefined> {
    const row = await this.#db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toSite(row)
  }

  /** Sets the secret that verifies `identify` calls (null turns verification off). */
  async setIdentitySecret(id: string, secret: string | null): Promise<void> {
    await this.#db.updateTable('sites').set({ identity_secret: secret }).where('id', '=', id).execute()
  }
}
