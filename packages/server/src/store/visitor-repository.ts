import type { Kysely } from 'kysely'
import type { PresenceRecord } from '../presence/presence-engine.js'
import type { GroupCommit } from './group-commit.js'
import type { Database, VisitorTable } from './schema.js'

/** A person on a website, as the server knows them. */
export interface StoredVisitor {
  id: string
  siteId: string
  name: string | null
  email: string | null
  /** The website's own id for a signed-in user, from `identify`. */
  userId: string | null
  createdAt: number
  /** The presence last recorded (a live one may be newer: see the presence tracker). */
  presence: PresenceRecord
  /** The page the latest tab reported when it connected. */
  page: string | null
}

/** What a tab tells of its browser when it connects; null for what it did not tell. */
export interface VisitorBrowser {
  page: string | null
  userAgent: string | null
  language: string | null
  timeZone: string | null
}

/** The profile fields `identify` may set; an undefined field keeps its value. */
/** Fields left undefined stay as they are; null clears one. */
export interface VisitorProfile {
  name?: string | null | undefined
  email?: string | null | undefined
  userId?: string | undefined
}

const toStoredVisitor = (row: VisitorTable): StoredVisitor => ({
  id: row.id,
  siteId: row.site_id,
  name: row.name,
  email: row.email,
  userId: row.user_id,
  createdAt: row.created_at,
  presence: { state: row.presence_state, reason: row.presence_reason, widgetOpen: row.widget_open === 1, since: row.presence_since },
  page: row.page_url,
})

const browserColumns = (browser: VisitorBrowser, now: number) => ({
  page_url: browser.page,
  user_agent: browser.userAgent,
  language: browser.language,
  time_zone: browser.timeZone,
  last_seen_at: now,
})

/** The people on the websites, each known by the hash of the token their browser keeps. */
export class VisitorRepository {
  readonly #db: Kysely<Database>
  readonly #commits: GroupCommit

  constructor(db: Kysely<Database>, commits: GroupCommit) {
    this.#db = db
    this.#commits = commits
  }

  /**
   * Creates an anonymous visitor, offline until their first connection is counted, in the shared
   * commit: a burst of new visitors costs one fsync, not one each. `browser` is what the connecting tab
   * told, if one is connecting.
   */
  async create(visitor: {
    id: string
    siteId: string
    tokenHash: string
    createdAt: number
    browser?: VisitorBrowser
  }): Promise<StoredVisitor> {
    const row: VisitorTable = {
      id: visitor.id,
      site_id: visitor.siteId,
      token_hash: visitor.tokenHash,
      created_at: visitor.createdAt,
      name: null,
      email: null,
      user_id: null,
      presence_state: 'offline',
      presence_reason: 'network_lost',
      presence_since: visitor.createdAt,
      widget_open: 0,
      ...(visitor.browser
        ? browserColumns(visitor.browser, visitor.createdAt)
        : { page_url: null, user_agent: null, language: null, time_zone: null, last_seen_at: null }),
    }
    await this.#commits.run((trx) => trx.insertInto('visitors').values(row).execute())
    return toStoredVisitor(row)
  }

  /** The visitor a token belongs to: its own first token, or one it was given later (another browser of a verified user). */
  async findByTokenHash(siteId: string, tokenHash: string): Promise<StoredVisitor | undefined> {
    const row =
      (await this.#db
        .selectFrom('visitors')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('site_id', '=', siteId)
        .executeTakeFirst()) ??
      (await this.#db
        .selectFrom('visitor_tokens as t')
        .innerJoin('visitors as v', 'v.id', 't.visitor_id')
        .selectAll('v')
        .where('t.token_hash', '=', tokenHash)
        .where('v.site_id', '=', siteId)
        .executeTakeFirst())
    return row && toStoredVisitor(row)
  }

  async find(id: string): Promise<StoredVisitor | undefined> {
    const row = await this.#db.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toStoredVisitor(row)
  }

  /** Gives a visitor one more token: another browser of theirs keeps it. */
  async addToken(visitorId: string, tokenHash: string, now: number): Promise<void> {
    await this.#db.insertInto('visitor_tokens').values({ token_hash: tokenHash, visitor_id: visitorId, created_at: now }).execute()
  }

  /**
   * Whether a visitor was given tokens besides its first (a return link exchanged, another browser of a
   * verified user): then browsers other than the one that created it may reach it.
   */
  async hasAddedTokens(visitorId: string): Promise<boolean> {
    const row = await this.#db.selectFrom('visitor_tokens').select('visitor_id').where('visitor_id', '=', visitorId).executeTakeFirst()
    return row !== undefined
  }

  /**
   * A tab of the visitor connected and told of its browser: it replaces what the one before told (in
   * the shared commit, as reconnections come in bursts after a restart).
   */
  async connected(id: string, browser: VisitorBrowser, now: number): Promise<void> {
    await this.#commits.run((trx) => trx.updateTable('visitors').set(browserColumns(browser, now)).where('id', '=', id).execute())
  }

  /** Sets the profile fields that are given; the others keep their values. */
  async updateProfile(id: string, profile: VisitorProfile): Promise<void> {
    const columns = { name: profile.name, email: profile.email, user_id: profile.userId }
    const changes = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined))
    if (Object.keys(changes).length === 0) return
    await this.#db.updateTable('visitors').set(changes).where('id', '=', id).execute()
  }
}
