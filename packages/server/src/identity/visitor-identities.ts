import type { IdentifyFrame } from '@porchlight/protocol'
import type { ConversationSummaries } from '../conversations/conversation-summaries.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import type { SiteDirectory } from '../sites/site-directory.js'
import type { Store } from '../store/store.js'
import { isEmailAddress } from './email-address.js'
import { verifyUserHash } from './user-hash.js'

/**
 * Who visitors say they are (`identify`): checks a signed-in user's `userHash` against the site's
 * identity secret when the site has one, stores the profile, and tells agents the visitor's
 * conversation changed.
 *
 * @example
 * ```ts
 * const identities = new VisitorIdentities(store, bus, summaries)
 * await identities.identify({ id: visitorId, siteId: 'default' }, { type: 'identify', name: 'Ada' })
 * ```
 */
export class VisitorIdentities {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #summaries: ConversationSummaries
  readonly #sites: SiteDirectory

  constructor(store: Store, bus: EventBus, summaries: ConversationSummaries, sites: SiteDirectory) {
    this.#sites = sites
    this.#store = store
    this.#bus = bus
    this.#summaries = summaries
  }

  /** Applies an `identify`; throws `identity_invalid` when the site verifies identities and the hash is wrong. */
  async identify(visitor: { id: string; siteId: string }, frame: IdentifyFrame): Promise<void> {
    if (frame.email !== undefined && !isEmailAddress(frame.email)) throw new PorchlightError('invalid_email')
    const secret = (await this.#sites.find(visitor.siteId))?.identity.secret
    if (secret && frame.userId !== undefined) {
      if (frame.userHash === undefined || !verifyUserHash(secret, frame.userId, frame.userHash)) {
        throw new PorchlightError('identity_invalid')
      }
    }
    await this.#store.visitors.updateProfile(visitor.id, { name: frame.name, email: frame.email, userId: frame.userId })
    const conversation = await this.#store.conversations.findByVisitor(visitor.id)
    const summary = conversation && (await this.#summaries.find(conversation.id))
    if (summary) this.#bus.emit('conversation.updated', { conversation: summary })
  }
}
