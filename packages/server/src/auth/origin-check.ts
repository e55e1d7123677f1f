import type { onRequestHookHandler } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import { PorchlightError } from '../errors/porchlight-error.js'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The names of this machine: a page on any of them, at the public URL's scheme and port, is served by us. */
const loopbackHosts = ['localhost', '127.0.0.1', '[::1]']

/**
 * The origins the agent API accepts: the public URL's (and, when it is a loopback address, each loopback
 * name at its scheme and port, so that a local install works whichever name the browser was given), and
 * `allowedOrigins`.
 */
function agentOrigins(options: Pick<ResolvedOptions, 'publicUrl' | 'allowedOrigins'>): Set<string> {
  const publicOrigin = new URL(options.publicUrl)
  const hosts = loopbackHosts.includes(publicOrigin.hostname) ? loopbackHosts : [publicOrigin.hostname]
  const aliases = hosts.map((hostname) => {
    const alias = new URL(publicOrigin.origin)
    alias.hostname = hostname
    return alias.origin
  })
  return new Set([...aliases, ...options.allowedOrigins])
}

/** The serialised origin (lower-case, without a default port), or undefined for `null` and garbage. */
function normalise(origin: string): string | undefined {
  return URL.canParse(origin) ? new URL(origin).origin : undefined
}

/**
 * Builds the CSRF check for cookie-authenticated requests, on top of the SameSite=Strict cookie and
 * JSON-only bodies: a state-changing request (or a WebSocket upgrade, which browsers send as GET) whose
 * `Origin` is not one of {@link agentOrigins} is refused with 403 `forbidden_origin`. The comparison is
 * with the configured public URL, scheme included, never with the `Host` header, which a proxy may
 * rewrite and which says nothing about the scheme. `Origin: null` (a sandboxed or privacy-sensitive
 * context) is refused. Requests without `Origin` (curl, scripts) carry no ambient browser credentials to
 * abuse and pass.
 *
 * @example
 * ```ts
 * agentApi.addHook('onRequest', originCheck(options))
 * ```
 */
export function originCheck(options: Pick<ResolvedOptions, 'publicUrl' | 'allowedOrigins'>): onRequestHookHandler {
  const allowed = agentOrigins(options)
  const expected = new URL(options.publicUrl).origin
  return function rejectCrossOrigin(request, _reply, done) {
    const isUpgrade = request.headers.upgrade?.toLowerCase() === 'websocket'
    const origin = request.headers.origin
    if ((safeMethods.has(request.method) && !isUpgrade) || origin === undefined) return done()
    const normalised = normalise(origin)
    if (normalised !== undefined && allowed.has(normalised)) return done()
    done(
      new PorchlightError(
        'forbidden_origin',
        `Requests from ${normalised ?? 'this origin'} are refused: the agent API accepts ${expected} (PUBLIC_URL) and allowedOrigins only.`,
      ),
    )
  }
}
