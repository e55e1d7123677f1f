import type { Message } from '@porchlight/protocol'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import type { WriteOutcome } from '../store/message-writer.js'
import type { Store } from '../store/store.js'
import type { ConversationSummaries } from './conversation-summaries.js'
import { afterAgentMessage, afterVisitorMessage } from './transitions.js'

/** The result of posting a message: the stored message, and whether it had been stored before. */
export interface Posted {
  message: Message
  duplicate: boolean
}

/**
 * Posts messages into conversations: stores them durably, then publishes what changed on the bus.
 * Both the visitor gateway and the agents' REST API go through here.
 */
export class ConversationService {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #summaries: ConversationSummaries

  constructor(store: Store, bus: EventBus, summaries: ConversationSummaries) {
    this.#store = store
    this.#bus = bus
    this.#summaries = summaries
  }

  /** A visitor's message, into their own conversation (created by their first message). */
  async postFromVisitor(input: {
    siteId: string
    visitorId: string
    visitorName: string | null
    text: string
    clientId: string
    connectionId: string
    /** The page the visitor wrote from (the `hello` frame's `url`): where a follow-up's return link leads. */
    pageUrl?: string | null
  }): Promise<Posted> {
    const outcome = await this.#store.messages.write({
      target: { visitorId: input.visitorId, siteId: input.siteId },
      author: 'visitor',
      senderId: input.visitorId,
      authorName: input.visitorName,
      text: input.text,
      clientId: input.clientId,
      transition: afterVisitorMessage,
    })
    if (!outcome.ok) throw new PorchlightError(outcome.reason)
    await this.#publish(outcome, input.connectionId, input.pageUrl ?? null)
    return outcome
  }

  /** An agent's reply in a conversation. Throws `conversation_not_found` for an unknown id. */
  async postFromAgent(input: {
    conversationId: string
    agent: { id: string; name: string }
    text: string
    clientId: string | null
  }): Promise<Posted> {
    const outcome = await this.#store.messages.write({
      target: { conversationId: input.conversationId },
      author: 'agent',
      senderId: input.agent.id,
      authorName: input.agent.name,
      text: input.text,
      clientId: input.clientId,
      transition: afterAgentMessage(input.agent.id),
    })
    if (!outcome.ok) throw new PorchlightError(outcome.reason)
    await this.#publish(outcome, null)
    return outcome
  }

  /**
   * The visitor's tab connected on another page than their tab before it: agents get the conversation
   * again, with the page where the visitor is now. (Only on a change: a reconnect on the same page,
   * as after a restart, costs nothing.)
   */
  async visitorMoved(conversationId: string): Promise<void> {
    const conversation = await this.#summaries.find(conversationId)
    if (conversation) this.#bus.emit('conversation.updated', { conversation })
  }

  async #publish(
    outcome: Extract<WriteOutcome, { ok: true }>,
    originConnectionId: string | null,
    pageUrl: string | null = null,
  ): Promise<void> {
    if (outcome.duplicate) return
    if (outcome.conversationCreated || outcome.conversationChanged) {
      const conversation = await this.#summaries.find(outcome.message.conversationId)
      if (conversation) {
        if (outcome.conversationCreated) this.#bus.emit('conversation.created', { conversation, pageUrl })
        else this.#bus.emit('conversation.updated', { conversation })
      }
    }
    this.#bus.emit('message.created', { message: outcome.message, visitorId: outcome.visitorId, originConnectionId })
  }
}
