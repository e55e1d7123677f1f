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
 * each browser with a token of its own. An unproven `userId` is a claim stored on this browser's visitor
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
    const target = verified ? await this.#link(visitor.siteId, userId!, visitor.id) : { id: visitor.id, token: undefined }
    await this.#store.visitors.updateProfile(target.id, { name: frame.name, email: frame.email, userId })
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
   */
  async #link(siteId: string, userId: string, visitorId: string): Promise<{ id: string; token: string | undefined }> {
    const { verifiedUsers, visitors, conversations } = this.#store
    const now = this.#clock()
    // Twice at most: a claim lost to another browser of the same user leaves their record to join.
    for (;;) {
      const record = await verifiedUsers.visitorOf(siteId, userId)
      if (record === visitorId) return { id: visitorId, token: undefined }
      const own = await verifiedUsers.userOf(visitorId)
      if (record === undefined) {
        // An anonymous visitor becomes the user's record, with the conversation it has; one that is
        // another verified user's record (a shared browser) stays theirs, and this user gets a new one.
        if (own === undefined) {
          if (await verifiedUsers.claim(siteId, userId, visitorId, now)) return { id: visitorId, token: undefined }
          continue
        }
        const token = newToken()
        const fresh = await visitors.create({ id: timeOrderedId(), siteId, tokenHash: hashToken(this.#secret, token), createdAt: now })
        if (await verifiedUsers.claim(siteId, userId, fresh.id, now)) return { id: fresh.id, token }
        continue
      }
      const token = newToken()
      await visitors.addToken(record, hashToken(this.#secret, token), now)
      // What an anonymous visitor wrote before signing in goes along, unless the user has a conversation.
      if (own === undefined) await conversations.adopt(visitorId, record)
      return { id: record, token }
    }
  }
}
