import type { HelloFrame } from '@porchlight/protocol'
import { hashToken, newToken } from '../identity/tokens.js'
import { originAllowed } from '../sites/origin-allowed.js'
import type { SiteConfig, SiteDirectory } from '../sites/site-directory.js'
import type { Store } from '../store/store.js'
import type { StoredVisitor, VisitorBrowser } from '../store/visitor-repository.js'
import { timeOrderedId } from '../store/time-ordered-id.js'

/** Who a `hello` turned out to be, or why it was refused. */
export type Handshake =
  | {
      ok: true
      site: SiteConfig
      visitor: StoredVisitor
      /** The token to keep: the one sent, or a new one for a new visitor. */
      token: string
      conversation: { id: string; lastSeq: number } | undefined
      /** What this tab told of its browser, now stored on the visitor. */
      browser: VisitorBrowser
      /** Whether the tab is on another page than the visitor's tab before it. */
      pageChanged: boolean
    }
  | { ok: false; refusal: 'unknown_site' | 'origin_not_allowed' | 'too_many_visitors' }

/** What a handshake needs from the server around it. */
export interface HandshakeContext {
  store: Store
  sites: SiteDirectory
  secret: string
  clock: () => number
  /** The `Origin` header of the socket's upgrade request. */
  origin: string | undefined
  /** The `User-Agent` header of the socket's upgrade request, cut to `limits.userAgent`. */
  userAgent: string | undefined
  /** Whether one more new visitor may be created for the address this socket came from. */
  admitNewVisitor(): boolean
}

/**
 * Reads a visitor socket's `hello`: the site must exist and allow the page's origin; a known token
 * resumes its visitor, and no token (or an unknown one) creates a visitor with a new token, within the
 * address's budget for new visitors. What the tab tells of its browser replaces what the visitor's
 * previous tab told.
 *
 * @example
 * ```ts
 * const result = await handshake(frame, { store, sites, secret, clock: Date.now, origin, userAgent, admitNewVisitor: () => true })
 * if (!result.ok) close(result.refusal)
 * ```
 */
export async function handshake(hello: HelloFrame, context: HandshakeContext): Promise<Handshake> {
  const { store, secret, clock } = context
  const site = await context.sites.find(hello.site)
  if (!site) return { ok: false, refusal: 'unknown_site' }
  if (!originAllowed(site, context.origin)) return { ok: false, refusal: 'origin_not_allowed' }
  const browser: VisitorBrowser = {
    page: hello.url ?? null,
    userAgent: context.userAgent ?? null,
    language: hello.language ?? null,
    timeZone: hello.timeZone ?? null,
  }
  let token = hello.token
  let visitor = token === undefined ? undefined : await store.visitors.findByTokenHash(site.id, hashToken(secret, token))
  let pageChanged = false
  if (!visitor || token === undefined) {
    if (!context.admitNewVisitor()) return { ok: false, refusal: 'too_many_visitors' }
    token = newToken()
    visitor = await store.visitors.create({
      id: timeOrderedId(),
      siteId: site.id,
      tokenHash: hashToken(secret, token),
      createdAt: clock(),
      browser,
    })
  } else {
    pageChanged = visitor.page !== browser.page
    await store.visitors.connected(visitor.id, browser, clock())
  }
  const conversation = await store.conversations.findByVisitor(visitor.id)
  return { ok: true, site, visitor, token, conversation, browser, pageChanged }
}
