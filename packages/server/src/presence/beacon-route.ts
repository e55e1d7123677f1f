import { BeaconBody } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { hashToken } from '../identity/tokens.js'
import { originAllowed } from '../sites/origin-allowed.js'
import type { SiteDirectory } from '../sites/site-directory.js'
import type { Store } from '../store/store.js'
import { parseJsonInput } from '../validation/parse-json-input.js'
import type { PresenceTracker } from './presence-tracker.js'

/**
 * `POST /api/visitor/beacon`: the widget's `navigator.sendBeacon` on `pagehide`, the fallback for a
 * `pagehide` frame that never left the page, from a page whose origin the site allows. Beacons are sent as text/plain (a CORS-safelisted type, so
 * no preflight) holding JSON; the visitor token in the body is the credential.
 */
export async function beaconRoute(
  app: FastifyInstance,
  context: { store: Store; sites: SiteDirectory; secret: string; presence: PresenceTracker; options: ResolvedOptions },
): Promise<void> {
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonInput(body as string))
    } catch (error) {
      done(error as Error)
    }
  })

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/visitor/beacon',
    {
      schema: {
        summary: "The widget's pagehide beacon (text/plain JSON); answers 204 whether or not the token is known",
        tags: ['visitor'],
        consumes: ['text/plain', 'application/json'],
        body: BeaconBody,
        response: {
          204: { type: 'null' },
          ...errorResponses('bad_request', 'origin_not_allowed', 'payload_too_large', 'unsupported_media_type', 'rate_limited'),
        },
      },
      config: { rateLimit: { max: context.options.rateLimits.beaconsPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { site, token } = request.body
      const config = await context.sites.find(site)
      if (config && !originAllowed(config, request.headers.origin)) throw new PorchlightError('origin_not_allowed')
      const visitor = await context.store.visitors.findByTokenHash(site, hashToken(context.secret, token))
      if (visitor) context.presence.pagehide(visitor.id)
      return reply.status(204).send(null)
    },
  )
}
