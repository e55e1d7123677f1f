import type { FastifyRequest } from 'fastify'
import { PorchlightError } from '../errors/porchlight-error.js'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF protection for cookie-authenticated requests, on top of the SameSite=Strict cookie and JSON-only
 * bodies: a state-changing request (or a WebSocket upgrade, which browsers send as GET) whose `Origin`
 * is another origin than the server's is refused with 403 `forbidden_origin`. Requests without `Origin`
 * (curl, scripts) carry no ambient browser credentials to abuse and pass.
 */
export async function rejectCrossOrigin(request: FastifyRequest): Promise<void> {
  const isUpgrade = request.headers.upgrade?.toLowerCase() === 'websocket'
  if (safeMethods.has(request.method) && !isUpgrade) return
  const origin = request.headers.origin
  if (origin === undefined) return
  let host: string | undefined
  try {
    host = new URL(origin).host
  } catch {}
  if (host !== request.headers.host) throw new PorchlightError('forbidden_origin')
}
