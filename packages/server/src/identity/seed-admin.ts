import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import type { Store } from '../store/store.js'
import { generatePassword, passwordNotice } from './generated-password.js'
import { hashPassword, type ScryptCost } from './passwords.js'

/**
 * Creates the first admin when no agent exists. A configured password is used at once. A generated one
 * is useless until someone has seen it, so that admin is created only once the server listens, in the
 * same step that prints its password on stderr: a start that fails earlier (a port in use) leaves no
 * admin behind, and the next start generates one again. A host app that never calls `listen` gets no
 * generated admin. Admin options given to a database that already has agents are ignored, with a warning.
 */
export async function seedAdmin(
  app: FastifyInstance,
  store: Store,
  admin: ResolvedOptions['admin'],
  clock: () => number,
  passwordCost: ScryptCost,
): Promise<void> {
  if ((await store.agents.count()) > 0) {
    if (admin.configured) {
      app.log.warn(
        'The first admin options (PORCHLIGHT_ADMIN_EMAIL, PORCHLIGHT_ADMIN_PASSWORD, admin) are ignored: the database already has agents. ' +
          'To set a new password for one: porchlight-server reset-password <email>',
      )
    }
    return
  }
  const create = async (passwordHash: string) =>
    store.agents.create({ id: randomUUID(), email: admin.email, name: 'Admin', role: 'admin' }, passwordHash, clock())
  if (admin.password !== undefined) {
    await create(await hashPassword(admin.password, passwordCost))
    app.log.info(`Created the first admin ${admin.email}`)
    return
  }
  const password = generatePassword()
  const passwordHash = await hashPassword(password, passwordCost)
  app.addHook('onListen', async () => {
    await create(passwordHash)
    process.stderr.write(passwordNotice('Porchlight created the first admin.', admin.email, password))
    app.log.info(`Created the first admin ${admin.email}; its password is printed on stderr, once`)
  })
}
