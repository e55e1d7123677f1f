import { PorchlightError } from '../errors/porchlight-error.js'

/**
 * The HTTP side of a socket's address: a request that asks for no WebSocket upgrade gets a coded 426
 * instead of the empty 404 @fastify/websocket would answer.
 */
export function upgradeRequired(): never {
  throw new PorchlightError('upgrade_required')
}
