import { BeaconBody } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import { hashToken } from '../identity/tokens.js'
import type { Store } from '../store/store.js'
import { parseJsonInput } from '../validation/parse-json-input.js'
import type { PresenceTracker } from './presence-tracker.js'

/**
 * `POST /api/visitor/beacon`: the widget's `navigator.sendBeacon` on `pagehide`, the fallback for a
 * `pagehide` frame that never left the page. Beacons are sent as text/plain (a CORS-safelisted type, so
 * no preflight) holding JSON; the visitor token in the body is the credential.
 */
export async function beaconRoute(
  app: FastifyInstance,
  context: { store: Store; secret: string; presence: PresenceTracker; options: ResolvedOptions },
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
        body: BeaconBody,
        response: { 204: { type: 'null' } },
      },
      config: { rateLimit: { max: context.options.rateLimits.beaconsPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { site, token } = request.body
      const visitor = await context.store.visitors.findByTokenHash(site, hashToken(context.secret, token))
      if (visitor) context.presence.pagehide(visitor.id)
      return reply.status(204).send(null)
    },
  )
}
