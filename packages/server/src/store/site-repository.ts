import type { Kysely, Selectable, Updateable } from 'kysely'
import type { Database, SiteTable } from './schema.js'

/** The presence timings a site may set, each null when it follows the server's default. */
export const presenceTimingKeys = ['heartbeatInterval', 'offlineGrace', 'awayAfter', 'idleAfter', 'inactivityWindow'] as const
export type PresenceTimingKey = (typeof presenceTimingKeys)[number]

/** A website the widget is embedded on, with its own settings; null settings follow the server's defaults. */
export interface Site {
  id: string
  name: string
  /** The identity secret, sealed with the server secret (see `sites/sealed-secret.ts`); null when none was generated. */
  identitySecret: string | null
  identityRequired: boolean
  /** Null: the widget may run on any origin. */
  allowedOrigins: string[] | null
  presence: Record<PresenceTimingKey, number | null>
  followup: { enabled: boolean; delay: number | null; returnUrl: string | null; senderName: string | null; replyTo: string | null }
  widget: { twoWayChat: boolean }
  createdAt: number
}

/** What a create or an update sets; an undefined field keeps its value (or its default on create). */
export interface SiteChanges {
  name?: string
  identitySecret?: string | null
  identityRequired?: boolean
  allowedOrigins?: string[] | null
  presence?: Partial<Record<PresenceTimingKey, number | null>>
  followup?: Partial<Site['followup']>
  widget?: Partial<Site['widget']>
}

const columnOf = {
  heartbeatInterval: 'heartbeat_interval',
  offlineGrace: 'offline_grace',
  awayAfter: 'away_after',
  idleAfter: 'idle_after',
  inactivityWindow: 'inactivity_window',
} as const satisfies Record<PresenceTimingKey, keyof SiteTable>

const toSite = (row: Selectable<SiteTable>): Site => ({
  id: row.id,
  name: row.name,
  identitySecret: row.identity_secret,
  identityRequired: row.identity_required === 1,
  allowedOrigins: row.allowed_origins === null ? null : (JSON.parse(row.allowed_origins) as string[]),
  presence: Object.fromEntries(presenceTimingKeys.map((key) => [key, row[columnOf[key]]])) as Site['presence'],
  followup: {
    enabled: row.followup_enabled === 1,
    delay: row.followup_delay,
    returnUrl: row.return_url,
    senderName: row.sender_name,
    replyTo: row.reply_to,
  },
  widget: { twoWayChat: row.two_way_chat === 1 },
  createdAt: row.created_at,
})

function toColumns(changes: SiteChanges): Updateable<SiteTable> {
  const columns: Updateable<SiteTable> = {
    name: changes.name,
    identity_secret: changes.identitySecret,
    identity_required: changes.identityRequired === undefined ? undefined : Number(changes.identityRequired),
    allowed_origins: changes.allowedOrigins === undefined ? undefined : changes.allowedOrigins && JSON.stringify(changes.allowedOrigins),
    followup_enabled: changes.followup?.enabled === undefined ? undefined : Number(changes.followup.enabled),
    followup_delay: changes.followup?.delay,
    return_url: changes.followup?.returnUrl,
    sender_name: changes.followup?.senderName,
    reply_to: changes.followup?.replyTo,
    two_way_chat: changes.widget?.twoWayChat === undefined ? undefined : Number(changes.widget.twoWayChat),
  }
  for (const key of presenceTimingKeys) columns[columnOf[key]] = changes.presence?.[key]
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined))
}

/** The websites the widget is embedded on, and their settings. */
export class SiteRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** Creates the site unless it exists; used to seed the `default` site. */
  async ensure(id: string, name: string, now: number): Promise<void> {
    await this.#db
      .insertInto('sites')
      .values({ id, name, created_at: now })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute()
  }

  /** Creates a site; false when one with this id exists. */
  async create(id: string, changes: SiteChanges & { name: string }, now: number): Promise<boolean> {
    const result = await this.#db
      .insertInto('sites')
      .values({ ...toColumns(changes), id, name: changes.name, created_at: now })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst()
    return result.numInsertedOrUpdatedRows === 1n
  }

  async find(id: string): Promise<Site | undefined> {
    const row = await this.#db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toSite(row)
  }

  /** Every site, by id. */
  async list(): Promise<Site[]> {
    const rows = await this.#db.selectFrom('sites').selectAll().orderBy('id').execute()
    return rows.map(toSite)
  }

  /** Applies the changes that are given; false when no site has this id. */
  async update(id: string, changes: SiteChanges): Promise<boolean> {
    const columns = toColumns(changes)
    if (Object.keys(columns).length === 0) return (await this.find(id)) !== undefined
    const result = await this.#db.updateTable('sites').set(columns).where('id', '=', id).executeTakeFirst()
    return result.numUpdatedRows === 1n
  }
}
