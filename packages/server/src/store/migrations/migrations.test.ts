import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { Store } from '../store.js'
import { migrations } from './index.js'

let dataDir: string
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

/** A new database in a new data directory, migrated up to `version` only. */
async function databaseAt(version: string): Promise<Kysely<any>> {
  dataDir = mkdtempSync(join(tmpdir(), 'porchlight-migrate-'))
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(join(dataDir, 'porchlight.sqlite')) }) })
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  expect((await migrator.migrateTo(version)).error).toBeUndefined()
  return db
}

describe('migrations', () => {
  it('bring a database of the first release up to date, keeping its conversations', async () => {
    const db = await databaseAt('001-initial')
    await db.insertInto('sites').values({ id: 'default', name: 'Default', created_at: 0 }).execute()
    await db.insertInto('visitors').values({ id: 'v1', site_id: 'default', token_hash: 'h', created_at: 0 }).execute()
    await db
      .insertInto('conversations')
      .values({ id: 'c1', site_id: 'default', visitor_id: 'v1', status: 'unanswered', last_seq: 1, created_at: 5, updated_at: 5 })
      .execute()
    await db
      .insertInto('messages')
      .values({ id: 'm1', conversation_id: 'c1', seq: 1, author: 'visitor', sender_id: 'v1', text: 'old', client_id: 'x', created_at: 5 })
      .execute()
    await db.destroy()

    const store = await Store.open(dataDir)
    const summary = await store.conversations.summary('c1')
    expect(summary).toMatchObject({
      lastSeq: 1,
      presence: { state: 'offline', widgetOpen: false },
      session: { state: 'active', inactiveReason: null },
      lastVisitorMessageAt: null,
    })
    const next = await store.messages.write({
      target: { visitorId: 'v1', siteId: 'default' },
      author: 'visitor',
      senderId: 'v1',
      authorName: null,
      text: 'new',
      clientId: 'y',
      transition: (current) => current,
    })
    expect(next).toMatchObject({ ok: true, message: { seq: 2, conversationId: 'c1' } })
    await store.close()
  })

  it('take a conversation finished before the workflow migration as finished at its last update', async () => {
    const db = await databaseAt('008-webhooks')
    await db.insertInto('sites').values({ id: 'default', name: 'Default', created_at: 0 }).execute()
    await db.insertInto('visitors').values({ id: 'v1', site_id: 'default', token_hash: 'h', created_at: 0 }).execute()
    const conversation = { site_id: 'default', visitor_id: 'v1', last_seq: 0, created_at: 5, session_since: 5 }
    await db
      .insertInto('conversations')
      .values([
        { ...conversation, id: 'done', status: 'finished', updated_at: 9 },
        { ...conversation, id: 'open', status: 'unanswered', updated_at: 7 },
      ])
      .execute()
    await db.destroy()

    const store = await Store.open(dataDir)
    expect(await store.conversations.summary('done')).toMatchObject({
      finishedAt: new Date(9).toISOString(),
      priority: 'normal',
      tags: [],
      group: null,
      unread: 0,
    })
    expect(await store.conversations.summary('open')).toMatchObject({ finishedAt: null })
    await store.close()
  })
  it('give agents who existed before the team migration an offline presence since they were created', async () => {
    const db = await databaseAt('009-workflow')
    await db
      .insertInto('agents')
      .values({ id: 'a1', email: 'a@example.com', name: 'A', role: 'admin', password_hash: 'h', created_at: 1_700_000_000_000 })
      .execute()
    await db.destroy()

    const store = await Store.open(dataDir)
    expect((await store.agents.find('a1'))?.presence).toEqual({ state: 'offline', since: new Date(1_700_000_000_000).toISOString() })
    await store.close()
  })
})
