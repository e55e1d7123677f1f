import { queueOrder, type ConversationDetail, type ConversationStatus, type ConversationSummary } from '@porchlight/protocol'
import type { LivePresence } from '../presence/live-presence.js'
import type { Store } from '../store/store.js'

/** Which conversations to list. */
export interface ConversationFilter {
  status?: ConversationStatus | undefined
  session?: 'active' | 'inactive' | undefined
  limit: number
}

/**
 * The one read model of conversations, for every place that shows them: the REST API and the frames
 * the agents' socket pushes. The store holds presence as last recorded; this overlays the presence the
 * server holds live, so that a visitor who wrote right after connecting shows online everywhere alike.
 *
 * @example
 * ```ts
 * const summaries = new ConversationSummaries(store, presenceTracker)
 * const queue = await summaries.list({ session: 'active', limit: 50 })
 * ```
 */
export class ConversationSummaries {
  readonly #store: Store
  readonly #presence: LivePresence

  constructor(store: Store, presence: LivePresence) {
    this.#store = store
    this.#presence = presence
  }

  /** One conversation, or undefined for an unknown id. */
  async find(id: string): Promise<ConversationSummary | undefined> {
    const summary = await this.#store.conversations.summary(id)
    return summary && this.#live(summary)
  }

  /** One conversation with its newest messages (at most `maxMessages`), oldest first. */
  async detail(id: string, maxMessages: number): Promise<ConversationDetail | undefined> {
    const summary = await this.find(id)
    if (!summary) return undefined
    const after = Math.max(0, summary.lastSeq - maxMessages)
    return { ...summary, messages: await this.#store.conversations.messagesAfter(id, after, maxMessages) }
  }

  /** The queue: visitors online first, then away, then the rest; the longest waiting first within each. */
  async list(filter: ConversationFilter): Promise<ConversationSummary[]> {
    const summaries = (await this.#store.conversations.list(filter)).map((summary) => this.#live(summary))
    // The store ordered by recorded presence; live presence may have moved a few since.
    return summaries.sort(queueOrder)
  }

  #live(summary: ConversationSummary): ConversationSummary {
    const presence = this.#presence.current(summary.visitor.id)
    return presence ? { ...summary, presence } : summary
  }
}
