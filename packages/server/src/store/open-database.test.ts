import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { temporaryDirectories } from '../../test/support/temp-dirs.js'
import { openDatabase } from './open-database.js'

const temporaryDirectory = temporaryDirectories('porchlight-open-')

// A killed process loses nothing the kernel already has (test/crash.test.ts kills one under load); only
// `synchronous = FULL` makes a commit survive the machine going down, and no process crash can show it.
it('opens the database in WAL mode with synchronous = FULL and foreign keys on', async () => {
  const db = await openDatabase(temporaryDirectory())
  try {
    const pragma = async (name: string) => Object.values((await sql.raw(`PRAGMA ${name}`).execute(db)).rows[0] as object)[0]
    expect(await pragma('journal_mode')).toBe('wal')
    expect(await pragma('synchronous')).toBe(2) // FULL
    expect(await pragma('foreign_keys')).toBe(1)
  } finally {
    await db.destroy()
  }
})
