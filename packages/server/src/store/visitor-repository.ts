import type { Kysely } from 'kysely'
import type { GroupCommit } from './group-commit.js'
import type { Database, VisitorTable } from './schema.js'

/** The people on the websites, each known by the hash of the token their browser keeps. */
export class VisitorRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly commits: GroupCommit,
  ) {}

  /** Creates a visitor, in the shared commit: a burst of new visitors costs one fsync, not one each. */
  async create(visitor: Pick<VisitorTable, 'id' | 'site_id' | 'token_hash' | 'created_at'>): Promise<VisitorTable> {
    const row: VisitorTable = {
      ...visitor,
      name: null,
      email: null,
      user_id: null,
      presence_state: 'offline',
      presence_reason: 'network_lost',
      presence_since: visitor.created_at,
      widget_open: 0,
    }
    await this.commits.run((trx) => trx.insertInto('visitors').values(row).execute())
    return row
  }

  async findByTokenHash(siteId: string, tokenHash: string): Promise<VisitorTable | undefined> {
    return this.db.selectFrom('visitors').selectAll().where('token_hash', '=', tokenHash).where('site_id', '=', siteId).executeTakeFirst()
  }

  /** Sets the profile fields that are given; the others keep their values. */
  async updateProfile(id: string, profile: Partial<Pick<VisitorTable, 'name' | 'email' | 'user_id'>>): Promise<void> {
    const changes = Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined))
    if (Object.keys(changes).length === 0) return
    await this.db.updateTable('visitors').set(changes).where('id', '=', id).execute()
  }
}
