import type { IdentifyFrame } from '@porchlight/protocol'
import type { ConversationSummaries } from '../conversations/conversation-summaries.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import type { SiteDirectory } from '../sites/site-directory.js'
import type { Store } from '../store/store.js'
import { timeOrderedId } from '../store/time-ordered-id.js'
import type { StoredVisitor } from '../store/visitor-repository.js'
import { isEmailAddress } from './email-address.js'
import { hashToken, newToken } from './tokens.js'
import { verifyUserHash } from './user-hash.js'

/** An `identify` that moved the browser to a verified user's record: the socket continues as `visitor`, and keeps `token`. */
export interface SwitchedVisitor {
  visitor: StoredVisitor
  token: string
}

/**
 * Who visitors say they are (`identify`). A `userId` with a valid `userHash` (hex HMAC-SHA256 under the
 * site's identity secret) is a verified user: the site keeps one visitor record per verified user, and
 * every browser that proves the same `userId` continues on that record (its conversation, replayed),
 * each browser with a token of its own. A visitor that other browsers can reach (through a return link)
 * never becomes a verified user's record, and what was written in it never joins theirs. An unproven `userId` is a claim stored on this browser's visitor
 * only, never linked to anyone; a site can refuse such claims (`identity.required`). A refused
 * `identify` applies nothing, not even the name or email that came with it.
 *
 * @example
 * ```ts
 * const switched = await identities.identify({ id: visitorId, siteId: 'default' }, { type: 'identify', userId, userHash })
 * if (switched) continueAs(switched.visitor, switched.token)
 * ```
 */
export class VisitorIdentities {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #summaries: ConversationSummaries
  readonly #sites: SiteDirectory
  readonly #secret: string
  readonly #clock: () => number

  constructor(
    store: Store,
    bus: EventBus,
    summaries: ConversationSummaries,
    sites: SiteDirectory,
    options: { secret: string; clock: () => number },
  ) {
    this.#store = store
    this.#bus = bus
    this.#summaries = summaries
    this.#sites = sites
    this.#secret = options.secret
    this.#clock = options.clock
  }

  /**
   * Applies an `identify`. Throws `identity_invalid` for a `userHash` that does not match, and
   * `identity_required` for a `userId` without one where the site requires verification or the visitor
   * is already another verified user. Resolves with where the socket continues when that is another
   * visitor record.
   */
  async identify(visitor: { id: string; siteId: string }, frame: IdentifyFrame): Promise<SwitchedVisitor | undefined> {
    if (frame.email !== undefined && !isEmailAddress(frame.email)) throw new PorchlightError('invalid_email')
    const site = await this.#sites.find(visitor.siteId)
    const { userId, userHash } = frame
    const secret = site?.identity.secret ?? null
    let verified = false
    if (userId !== undefined && userHash !== undefined && secret !== null) {
      if (!verifyUserHash(secret, userId, userHash)) throw new PorchlightError('identity_invalid')
      verified = true
    } else if (userId !== undefined && site?.identity.required) {
      throw new PorchlightError(userHash === undefined ? 'identity_required' : 'identity_invalid')
    } else if (userId !== undefined) {
      const own = await this.#store.verifiedUsers.userOf(visitor.id)
      if (own !== undefined && own !== userId) {
        throw new PorchlightError('identity_required', 'This visitor is a verified user: another userId needs a valid userHash.')
      }
    }
    const target = verified ? await this.#link(visitor.siteId, userId!, visitor.id) : { id: visitor.id, token: undefined, claimed: false }
    // A record just claimed for a verified user keeps nothing unproven: a name or an address typed before
    // (perhaps by someone else at a shared browser) would otherwise get this user's replies by email.
    const { name = target.claimed ? null : undefined, email = target.claimed ? null : undefined } = frame
    await this.#store.visitors.updateProfile(target.id, { name, email, userId })
    const conversation = await this.#store.conversations.findByVisitor(target.id)
    const summary = conversation && (await this.#summaries.find(conversation.id))
    if (summary) this.#bus.emit('conversation.updated', { conversation: summary })
    if (target.token === undefined) return undefined
    const switched = await this.#store.visitors.find(target.id)
    return switched && { visitor: switched, token: target.token }
  }

  /**
   * The record of a verified user that this browser's visitor continues on, with a new token for this
   * browser when it is another record than its own.
   *
   * A visitor that another browser can reach too never becomes the user's, and what was written in it
   * never joins theirs: a return link gives whoever opens it a token of the visitor who wrote, and that
   * writer may have typed this user's address to take over their conversations. So such a browser
   * continues on the user's record (a new one if they have none), and the writer's token keeps leading
   * only to what they wrote. (A link exchanged just before the claim was sent to the address this very
   * visitor gave: it reaches nothing that was not this browser's.)
   */
  async #link(siteId: string, userId: string, visitorId: string): Promise<{ id: string; token: string | undefined; claimed: boolean }> {
    const { verifiedUsers, visitors, conversations } = this.#store
    const now = this.#clock()
    // Twice at most: a claim lost to another browser of the same user leaves their record to join.
    for (;;) {
      const record = await verifiedUsers.visitorOf(siteId, userId)
      if (record === visitorId) return { id: visitorId, token: undefined, claimed: false }
      // Anonymous, and no token but this browser's: it may become the user's, or what it holds go along.
      const ownAnonymous = (await verifiedUsers.userOf(visitorId)) === undefined && !(await visitors.hasAddedTokens(visitorId))
      if (record === undefined && ownAnonymous) {
        if (await verifiedUsers.claim(siteId, userId, visitorId, now)) return { id: visitorId, token: undefined, claimed: true }
        continue
      }
      const token = newToken()
      const tokenHash = hashToken(this.#secret, token)
      let target = record
      if (target === undefined) {
        const fresh = await visitors.create({ id: timeOrderedId(), siteId, tokenHash, createdAt: now })
        if (!(await verifiedUsers.claim(siteId, userId, fresh.id, now))) continue
        target = fresh.id
      } else {
        await visitors.addToken(target, tokenHash, now)
      }
      // What an anonymous visitor wrote before signing in goes along, unless the user has a conversation.
      if (ownAnonymous) await conversations.adopt(visitorId, target)
      return { id: target, token, claimed: record === undefined }
    }
  }
}
