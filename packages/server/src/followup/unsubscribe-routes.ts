import { UnsubscribeBody, UnsubscribePage, UnsubscribeQuery } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { Store } from '../store/store.js'
import { escapeHtml } from './escape-html.js'
import { verifyUnsubscribeToken } from './unsubscribe-token.js'

const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
</head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1 style="font-size:1.5rem">${title}</h1>
${body}
</body>
</html>
`

/** The page's policy: no script at all; its one form posts back to this server (over the scheme it came by). */
const pagePolicy = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'self'"], frameAncestors: ["'none'"] },
}

/** The `List-Unsubscribe` part of a multipart body, and its value. */
const oneClickField = /\ncontent-disposition:\s*form-data;\s*name="List-Unsubscribe"\r?\n\r?\n([^\r\n]*)\r?\n/i

/**
 * The unsubscribe link of follow-up emails. `POST /api/visitor/unsubscribe?token=...` with the body
 * `List-Unsubscribe=One-Click` (form-encoded or multipart, as RFC 8058 has mail clients send it) stops follow-up emails to
 * the visitor. A `GET` of the same address only shows a button that posts it: mail scanners fetch the
 * links in an email, and a fetch must not unsubscribe anyone.
 */
export async function unsubscribeRoutes(
  app: FastifyInstance,
  context: { store: Store; secret: string; options: ResolvedOptions },
): Promise<void> {
  const { store, secret, options } = context
  // Mail clients post a form; this route alone reads one (the rest of the API stays JSON only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })
  // RFC 8058's own example posts multipart/form-data. Its one field is all this route reads (the body
  // limit bounds the rest), so a pattern does what a multipart library would.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (_request, body, done) => {
    const field = oneClickField.exec(body as string)
    done(null, field ? { 'List-Unsubscribe': field[1] } : {})
  })
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()
  const rateLimit = { max: options.rateLimits.visitorLinksPerMinute, timeWindow: 60_000 }
  const visitorOf = (token: string) => {
    const visitorId = verifyUnsubscribeToken(secret, token)
    if (visitorId === undefined) throw new PorchlightError('unsubscribe_token_invalid')
    return visitorId
  }

  typed.get(
    '/api/visitor/unsubscribe',
    { schema: { hide: true, querystring: UnsubscribeQuery }, config: { rateLimit }, helmet: { contentSecurityPolicy: pagePolicy } },
    async (request, reply) => {
      // People open this link from their mail client: a link that does not work gets a page, not JSON.
      if (verifyUnsubscribeToken(secret, request.query.token) === undefined) {
        return reply
          .code(404)
          .type('text/html; charset=utf-8')
          .send(page('This link does not work', '<p>It may have been cut short: open it from the email again.</p>'))
      }
      const action = `/api/visitor/unsubscribe?token=${encodeURIComponent(request.query.token)}`
      return reply.type('text/html; charset=utf-8').send(
        page(
          'Stop follow-up emails?',
          `<p>You will get no more emails about unread replies in your chats.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="font-size:1rem;padding:.75rem 1.5rem">Unsubscribe</button></form>`,
        ),
      )
    },
  )

  typed.post(
    '/api/visitor/unsubscribe',
    {
      schema: {
        summary: 'One-click unsubscribe (RFC 8058) from follow-up emails: the token from the List-Unsubscribe link',
        tags: ['visitor'],
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
        querystring: UnsubscribeQuery,
        body: UnsubscribeBody,
        produces: ['text/html'],
        response: {
          200: { description: 'Unsubscribed (a short page saying so)', content: { 'text/html': { schema: UnsubscribePage } } },
          ...errorResponses('bad_request', 'unsubscribe_token_invalid', 'payload_too_large', 'unsupported_media_type', 'rate_limited'),
        },
      },
      config: { rateLimit },
      helmet: { contentSecurityPolicy: pagePolicy },
    },
    async (request, reply) => {
      await store.followups.unsubscribe(visitorOf(request.query.token), options.clock())
      return reply.type('text/html; charset=utf-8').send(page('Unsubscribed', '<p>You will get no more follow-up emails.</p>'))
    },
  )
}
