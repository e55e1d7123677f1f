import { randomUUID } from 'node:crypto'
import { hashPassword } from '../../src/identity/passwords.js'
import { Store } from '../../src/store/store.js'
import { login, testPasswordCost } from './start-server.js'

/**
 * Adds an agent to a running test server's store and signs them in: for tests with more agents than the
 * seeded admin. Returns the agent's id and session cookie.
 *
 * @example
 * ```ts
 * const alice = await signInNewAgent(server, { name: 'Alice', role: 'agent' })
 * await api(server.url, alice.cookie, '/api/conversations')
 * ```
 */
export async function signInNewAgent(
  server: { url: string; dataDir: string },
  agent: { name: string; role: 'admin' | 'agent' },
): Promise<{ id: string; cookie: string }> {
  const id = randomUUID()
  const credentials = { email: `${id}@example.com`, password: 'a password for tests' }
  const store = await Store.open(server.dataDir)
  try {
    await store.agents.create(
      { id, email: credentials.email, ...agent },
      await hashPassword(credentials.password, { ...testPasswordCost, r: 8, p: 1 }),
      Date.now(),
    )
  } finally {
    await store.close()
  }
  return { id, cookie: await login(server.url, credentials) }
}
