import type { FastifyRequest } from 'fastify'
import { PorchlightError } from '../errors/porchlight-error.js'

/**
 * A `preHandler` for admin-only routes, after `authenticate`: an agent who is not an admin gets 403
 * `admin_required`.
 *
 * @example
 * ```ts
 * app.addHook('preHandler', authenticate)
 * app.addHook('preHandler', requireAdmin)
 * ```
 */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (request.porchlightAgent?.role !== 'admin') throw new PorchlightError('admin_required')
}
