import type { Kysely } from 'kysely'
import type { Database, SiteTable } from './schema.js'

/** The websites the widget is embedded on. */
export class SiteRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the site unless it exists; used to seed the `default` site. */
  async ensure(id: string, name: string, now: number): Promise<void> {
    await this.db
      .insertInto('sites')
      .values({ id, name, identity_secret: null, created_at: now })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute()
  }

  async find(id: string): Promise<SiteTable | undefined> {
    return this.db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** Sets the secret that verifies `identify` calls (null turns verification off). */
  async setIdentitySecret(id: string, secret: string | null): Promise<void> {
    await this.db.updateTable('sites').set({ identity_secret: secret }).where('id', '=', id).execute()
  }
}
