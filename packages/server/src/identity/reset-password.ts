import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ConfigError } from '../config/config-error.js'
import { databaseFileName } from '../store/open-database.js'
import { Store } from '../store/store.js'
import { generatePassword } from './generated-password.js'
import { hashPassword } from './passwords.js'

/**
 * Gives the agent with this email a new generated password and signs them out everywhere. Works beside a
 * running server on the same data directory (SQLite in WAL mode lets both write; the server checks
 * sessions in the store on every request). Returns the new password, or `undefined` when no agent has
 * this email. Throws a {@link ConfigError} when `dataDir` holds no database: it never creates one.
 *
 * @example
 * ```ts
 * const password = await resetPassword('./data', 'admin@localhost')
 * ```
 */
export async function resetPassword(dataDir: string, email: string, clock: () => number = Date.now): Promise<string | undefined> {
  if (!existsSync(join(dataDir, databaseFileName))) {
    throw new ConfigError('PORCHLIGHT_DATA_DIR', "a Porchlight server's data directory", resolve(dataDir), `it has no ${databaseFileName}`)
  }
  const store = await Store.open(dataDir, clock)
  try {
    const agent = (await store.agents.findCredentials(email))?.agent
    if (!agent) return undefined
    const password = generatePassword()
    await store.agents.setPassword(agent.id, await hashPassword(password))
    await store.agents.deleteSessionsOf(agent.id)
    return password
  } finally {
    await store.close()
  }
}
