import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import type { Kysely, Transaction } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { temporaryDirectories } from '../../test/support/temp-dirs.js'
import { GroupCommit, type Batch } from './group-commit.js'
import { openDatabase } from './open-database.js'
import type { Database } from './schema.js'

const temporaryDirectory = temporaryDirectories('porchlight-group-commit-')
let db: Kysely<Database>
let commits: GroupCommit
/** A second connection to the same file: what it sees is committed. */
let reader: SQLite.Database

beforeEach(async () => {
  const dataDir = temporaryDirectory()
  db = await openDatabase(dataDir)
  commits = new GroupCommit(db)
  reader = new SQLite(join(dataDir, 'porchlight.sqlite'), { readonly: true })
})
afterEach(async () => {
  reader.close()
  await db.destroy()
})

/** The site ids another connection sees, in insertion order. */
const committed = () => (reader.prepare('SELECT id FROM sites ORDER BY rowid').pluck().all() as string[]).filter((id) => id !== 'default')

/** A write that inserts a site; it records the transaction it ran in, and fails when the id exists. */
function insertSite(id: string, seen: Array<{ id: string; trx: Transaction<Database>; batch: Batch }> = []) {
  return async (trx: Transaction<Database>, batch: Batch) => {
    seen.push({ id, trx, batch })
    await trx.insertInto('sites').values({ id, name: id, identity_secret: null, created_at: 0 }).execute()
    return `stored ${id}`
  }
}

describe('GroupCommit', () => {
  it('runs the writes queued in one turn in one commit, in order, and resolves each with its own result', async () => {
    const seen: Parameters<typeof insertSite>[1] = []
    const ids = ['a', 'b', 'c', 'd', 'e']
    const results = await Promise.all(ids.map((id) => commits.run(insertSite(id, seen))))
    expect(results).toEqual(ids.map((id) => `stored ${id}`))
    expect(seen.map((write) => write.id)).toEqual(ids)
    expect(new Set(seen.map((write) => write.trx)).size).toBe(1)
    expect(new Set(seen.map((write) => write.batch)).size).toBe(1)
    expect(committed()).toEqual(ids)
  })

  it('settles a write only once another connection can read it', async () => {
    const visible: string[][] = []
    await Promise.all(['a', 'b'].map((id) => commits.run(insertSite(id)).then(() => visible.push(committed()))))
    expect(visible).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ])
  })

  it('writes queued while a commit runs join the next commit, not the running one', async () => {
    const seen: Parameters<typeof insertSite>[1] = []
    const first = commits.run(async (trx, batch) => {
      const result = await insertSite('a', seen)(trx, batch)
      // Queued from inside the running commit: it cannot join it any more.
      later = commits.run(insertSite('b', seen))
      return result
    })
    let later: Promise<string> | undefined
    await first
    expect(committed()).toEqual(['a'])
    await later
    expect(committed()).toEqual(['a', 'b'])
    expect(seen[0]!.trx).not.toBe(seen[1]!.trx)
  })

  it('retries a failing batch write by write: the bad write fails alone with its error, the others succeed in order', async () => {
    await commits.run(insertSite('taken'))
    const seen: Parameters<typeof insertSite>[1] = []
    const results = await Promise.allSettled([
      commits.run(insertSite('a', seen)),
      commits.run(insertSite('taken', seen)),
      commits.run(insertSite('b', seen)),
    ])
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'stored a' })
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } })
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'stored b' })
    expect(committed()).toEqual(['taken', 'a', 'b'])
    // The shared attempt, then each write in a transaction of its own, in the original order.
    expect(seen.map((write) => write.id)).toEqual(['a', 'taken', 'a', 'taken', 'b'])
    const trxs = seen.map((write) => write.trx)
    expect(trxs[1]).toBe(trxs[0])
    const alone = trxs.slice(2)
    expect(new Set(alone).size).toBe(3)
    expect(alone).not.toContain(trxs[0])
  })

  it('rolls back what a failing write did before it failed', async () => {
    const results = await Promise.allSettled([
      commits.run(insertSite('a')),
      commits.run(async (trx, batch) => {
        await insertSite('half')(trx, batch)
        throw new Error('changed its mind')
      }),
    ])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected'])
    expect(committed()).toEqual(['a'])
  })

  it('runs a beforeCommit step once per commit, after its last write, and again in each retry', async () => {
    const steps: string[] = []
    const write = (id: string) => async (trx: Transaction<Database>, batch: Batch) => {
      batch.beforeCommit('finish', () => {
        steps.push(`finish after ${id}`)
        return Promise.resolve()
      })
      batch.beforeCommit('finish', () => {
        steps.push('a second function for the same key')
        return Promise.resolve()
      })
      steps.push(id)
      await insertSite(id)(trx, batch)
    }
    await Promise.all([commits.run(write('a')), commits.run(write('b'))])
    expect(steps).toEqual(['a', 'b', 'finish after a'])

    steps.length = 0
    await Promise.allSettled([commits.run(write('c')), commits.run(write('a'))])
    expect(steps).toEqual(['c', 'a', 'c', 'finish after c', 'a'])
    expect(committed()).toEqual(['a', 'b', 'c'])
  })

  it('drained() waits for every queued write, including those queued by a commit, and returns at once when idle', async () => {
    await commits.drained()
    const settled: string[] = []
    for (const id of ['a', 'b']) void commits.run(insertSite(id)).then(() => settled.push(id))
    void commits.run(async (trx, batch) => {
      void commits.run(insertSite('queued by a write')).then(() => settled.push('queued by a write'))
      return insertSite('c')(trx, batch)
    })
    await commits.drained()
    expect(committed()).toEqual(['a', 'b', 'c', 'queued by a write'])
    expect(settled).toEqual(['a', 'b', 'queued by a write'])
  })

  it('splits a queue longer than one commit carries', async () => {
    const seen: Parameters<typeof insertSite>[1] = []
    const ids = Array.from({ length: 3000 }, (_, i) => `s${i}`)
    await Promise.all(ids.map((id) => commits.run(insertSite(id, seen))))
    const commitSizes = new Map<Transaction<Database>, number>()
    for (const { trx } of seen) commitSizes.set(trx, (commitSizes.get(trx) ?? 0) + 1)
    expect([...commitSizes.values()]).toEqual([2048, 952])
    expect(committed()).toEqual(ids)
  })
})
