import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type MigrationProvider, type SqliteDatabase } from 'kysely'
import { migrations } from './migrations/index.js'
import type { Database } from './schema.js'

/** The database's file name inside the data directory. */
export const databaseFileName = 'porchlight.sqlite'

const migrationProvider: MigrationProvider = { getMigrations: async () => migrations }

/** How many prepared statements to keep; the server runs a few dozen distinct queries. */
const statementCacheSize = 200

/**
 * Kysely prepares every query anew; on the message hot path preparing cost as much as running. This
 * keeps prepared statements by their SQL text (the oldest is dropped past the limit).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    prepare(sql) {
      let statement = statements.get(sql)
      if (!statement) {
        statement = sqlite.prepare(sql)
        statements.set(sql, statement)
        if (statements.size > statementCacheSize) statements.delete(statements.keys().next().value!)
      }
      return statement
    },
    close: () => sqlite.close(),
  }
}

/**
 * Opens (creating it if needed) the SQLite database in `dataDir` and brings its schema up to date.
 * WAL with `synchronous = FULL`: a commit is on disk before it returns, which is what lets the server
 * acknowledge a message only once it is durable. Many writes share one commit (see MessageWriter).
 */
export async function openDatabase(dataDir: string): Promise<Kysely<Database>> {
  mkdirSync(dataDir, { recursive: true })
  const sqlite = new SQLite(join(dataDir, databaseFileName))
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest()
  const failed = results?.find((result) => result.status === 'Error')
  if (error) {
    await db.destroy()
    throw new Error(
      `database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    )
  }
  return db
}
