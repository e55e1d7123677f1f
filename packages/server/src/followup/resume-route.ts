import { ResumeBody, ResumeResponse } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { hashToken, newToken } from '../identity/tokens.js'
import type { ReadReceipts } from '../receipts/read-receipts.js'
import { originAllowed } from '../sites/origin-allowed.js'
import type { SiteDirectory } from '../sites/site-directory.js'
import type { Store } from '../store/store.js'

/**
 * `POST /api/visitor/resume`: exchanges a return link's token, once, for a visitor session on the
 * conversation, and counts the conversation as read (the link was opened to read it). The visitor gets a
 * new token of their own; the browser they wrote from keeps its own. A signed-in user of a site that
 * requires verification, and every verified user, gets no token: the page's `identify` with a valid `userHash` opens their
 * conversation, and nothing shows before it. A page whose origin the site does not allow is refused
 * before the token is used: like the widget's socket, the link works only where the widget may run.
 */
export async function resumeRoute(
  app: FastifyInstance,
  context: { store: Store; sites: SiteDirectory; receipts: ReadReceipts; secret: string; options: ResolvedOptions },
): Promise<void> {
  const { store, sites, receipts, secret, options } = context
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/visitor/resume',
    {
      schema: {
        summary: "Exchange a follow-up email's return-link token (once) for a visitor session on its conversation",
        tags: ['visitor'],
        body: ResumeBody,
        response: {
          200: ResumeResponse,
          ...errorResponses(
            'bad_request',
            'origin_not_allowed',
            'resume_token_invalid',
            'resume_token_used',
            'resume_token_expired',
            'payload_too_large',
            'unsupported_media_type',
            'rate_limited',
          ),
        },
      },
      config: { rateLimit: { max: options.rateLimits.visitorLinksPerMinute, timeWindow: 60_000 } },
    },
    async (request) => {
      const now = options.clock()
      const tokenHash = hashToken(secret, request.body.token)
      const tokenSite = await store.followups.siteOfResumeToken(tokenHash)
      const site = tokenSite === undefined ? undefined : await sites.find(tokenSite)
      if (site && !originAllowed(site, request.headers.origin)) throw new PorchlightError('origin_not_allowed')
      const used = await store.followups.useResumeToken(tokenHash, now)
      if (!used.ok) throw new PorchlightError(used.reason)
      const { conversationId, siteId, visitorId, userId, lastSeq } = used
      // A verified user's record is reached only by proving who they are, wherever the link went: the
      // record may have been claimed after the email was sent, by someone other than who gave the address.
      const verifiedUser = (await store.verifiedUsers.userOf(visitorId)) !== undefined
      if (verifiedUser || (userId !== null && site?.identity.required)) return { site: siteId, conversationId, identityRequired: true }
      const visitorToken = newToken()
      await store.visitors.addToken(visitorId, hashToken(secret, visitorToken), now)
      await receipts.read({ id: conversationId, visitorId }, { type: 'visitor' }, lastSeq)
      return { site: siteId, conversationId, visitorToken, identityRequired: false }
    },
  )
}
