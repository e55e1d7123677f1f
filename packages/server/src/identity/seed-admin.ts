import { randomBytes, randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Store } from '../store/store.js'
import { hashPassword, type ScryptCost } from './passwords.js'

/**
 * Creates the first admin when no agent exists. Without a configured password one is generated and
 * logged once: it is not kept anywhere in clear.
 */
export async function seedAdmin(
  store: Store,
  admin: { email: string; password: string | undefined },
  now: number,
  log: FastifyBaseLogger,
  passwordCost: ScryptCost,
): Promise<void> {
  if ((await store.agents.count()) > 0) return
  const password = admin.password ?? randomBytes(12).toString('base64url')
  await store.agents.create(
    { id: randomUUID(), email: admin.email, name: 'Admin', role: 'admin' },
    await hashPassword(password, passwordCost),
    now,
  )
  if (admin.password === undefined) {
    log.warn(`Created the first admin ${admin.email} with the password ${password} (shown once: keep it)`)
  } else log.info(`Created the first admin ${admin.email}`)
}
