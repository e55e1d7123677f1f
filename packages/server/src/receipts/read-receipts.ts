import type { Reader } from '@porchlight/protocol'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'

/**
 * Read receipts: moves a participant's watermark forward and tells the bus (`receipt.read`), so that the
 * agents' socket, the visitor's other tabs and follow-ups hear of it, on whichever node they are.
 *
 * @example
 * ```ts
 * const receipts = new ReadReceipts(store, bus)
 * await receipts.read({ id: conversationId, visitorId }, { type: 'agent', agentId }, 7)
 * ```
 */
export class ReadReceipts {
  readonly #store: Store
  readonly #bus: EventBus

  constructor(store: Store, bus: EventBus) {
    this.#store = store
    this.#bus = bus
  }

  /**
   * `reader` has seen every message of the conversation up to `seq` (clamped to its newest). Resolves
   * whether the watermark moved; an older or equal `seq` changes nothing and tells no one.
   */
  async read(conversation: { id: string; visitorId: string }, reader: Reader, seq: number): Promise<boolean> {
    const watermark = await this.#store.receipts.advanceTo(conversation.id, reader, seq)
    if (watermark === undefined) return false
    this.#bus.emit('receipt.read', { conversationId: conversation.id, visitorId: conversation.visitorId, reader, seq: watermark })
    return true
  }

  /** An agent's report, over REST or their socket; throws `conversation_not_found` for an unknown id. */
  async readByAgent(conversationId: string, agentId: string, seq: number): Promise<boolean> {
    const visitorId = await this.#store.conversations.visitorOf(conversationId)
    if (visitorId === undefined) throw new PorchlightError('conversation_not_found')
    return this.read({ id: conversationId, visitorId }, { type: 'agent', agentId }, seq)
  }
}
