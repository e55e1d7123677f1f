import { createHash } from 'node:crypto'
import fastifyHelmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/** A Content-Security-Policy as directive name to sources: what helmet and Swagger UI's `staticCSP` both take. */
export type PolicyDirectives = Record<string, string[]>

/**
 * The policy of every HTML page Porchlight serves (the demo page, `/docs`, the agent inbox): everything
 * from the server's own origin and nothing else, no inline script unless its hash is listed, no plugins,
 * no `<base>`, and no framing by other sites (clickjacking). A page adds the hashes of its own inline
 * scripts and styles.
 *
 * @example
 * ```ts
 * app.get('/', { helmet: { contentSecurityPolicy: { useDefaults: false, directives: pagePolicy({ scripts: [inlineHash(stub)] }) } } }, ...)
 * ```
 */
export function pagePolicy(sources: { scripts?: string[]; styles?: string[] } = {}): PolicyDirectives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...(sources.scripts ?? [])],
    'style-src': ["'self'", ...(sources.styles ?? [])],
    'img-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  }
}

/** The CSP source that allows one inline `<script>` or `<style>` with exactly this text. */
export function inlineHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`
}

/**
 * Sets helmet's security headers on every response of `app`'s scope, unless an enclosing app already did
 * (a host app's own helmet, or the standalone server's). Responses that are not pages (JSON, the widget
 * script) get a policy that allows nothing; pages set {@link pagePolicy} on their route. The widget script
 * sets `Cross-Origin-Resource-Policy: cross-origin` itself: other sites load it. No
 * `Cross-Origin-Embedder-Policy`, which would keep other sites from loading the widget, and no HSTS.
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  if (app.hasReplyDecorator('helmet')) return
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { 'default-src': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'none'"] },
    },
    crossOriginEmbedderPolicy: false,
    // HSTS binds the whole host name (and, as helmet sends it, every subdomain) to HTTPS for a year: the
    // decision of whoever terminates TLS for the domain, not of a plugin mounted on one of its apps.
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  })
}
