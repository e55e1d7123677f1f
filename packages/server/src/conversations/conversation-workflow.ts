import type { ConversationSummary, PatchConversationBody } from '@porchlight/protocol'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'
import type { ConversationState } from '../store/message-writer.js'
import type { ConversationSummaries } from './conversation-summaries.js'
import { finish, release, take } from './transitions.js'

/**
 * What agents do to a conversation besides replying: take it, finish it, set its priority, tags and
 * group. Each change is stored, then published as `conversation.updated` (the session tracker, the
 * agents' socket and the webhooks hear of it there); a request that changes nothing publishes nothing.
 *
 * @example
 * ```ts
 * const workflow = new ConversationWorkflow(store, bus, summaries, Date.now)
 * await workflow.take(conversationId, agent.id, { force: false }) // 409 conversation_taken if another agent owns it
 * await workflow.finish(conversationId)
 * ```
 */
export class ConversationWorkflow {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #summaries: ConversationSummaries
  readonly #clock: () => number

  constructor(store: Store, bus: EventBus, summaries: ConversationSummaries, clock: () => number) {
    this.#store = store
    this.#bus = bus
    this.#summaries = summaries
    this.#clock = clock
  }

  /**
   * The agent takes the conversation: it becomes active and theirs. Throws `conversation_taken`, naming
   * the owner, when another agent owns it (and it is not finished) unless `force` is set.
   */
  async take(conversationId: string, agentId: string, options: { force: boolean }): Promise<ConversationSummary> {
    const outcome = await this.#transition(conversationId, take(agentId, options.force))
    if (outcome.after.assigneeId !== agentId) {
      const owner = (await this.#store.agents.nameOf(outcome.before.assigneeId!)) ?? 'Another agent'
      throw new PorchlightError('conversation_taken', `${owner} owns this conversation; take it with force to take it over.`)
    }
    return this.#answer(conversationId, changedState(outcome.before, outcome.after))
  }

  /** Finishes the conversation; its session turns inactive (`finished`) once the session tracker hears of it. */
  async finish(conversationId: string): Promise<ConversationSummary> {
    const outcome = await this.#transition(conversationId, finish)
    return this.#answer(conversationId, changedState(outcome.before, outcome.after))
  }

  /**
   * The agent can no longer answer (their account was disabled): every conversation of theirs that is not
   * finished goes back to the queue, unanswered and unowned, each through its own transition (one the
   * agent took meanwhile, or another agent took over, is left as it is).
   */
  async release(agentId: string): Promise<void> {
    for (const conversationId of await this.#store.conversations.openOwnedBy(agentId)) {
      const outcome = await this.#store.messages.transition(conversationId, release(agentId))
      if (outcome.ok && changedState(outcome.before, outcome.after)) await this.#answer(conversationId, true)
    }
  }

  /** Sets what is given of priority, tags (trimmed, lower-cased, each once) and group (trimmed; null clears). */
  async label(conversationId: string, patch: PatchConversationBody): Promise<ConversationSummary> {
    const labels = {
      priority: patch.priority,
      tags: patch.tags && [...new Set(patch.tags.map((tag) => tag.trim().toLowerCase()))],
      group: typeof patch.group === 'string' ? patch.group.trim() : patch.group,
    }
    if (!(await this.#store.conversations.setLabels(conversationId, labels, this.#clock()))) {
      throw new PorchlightError('conversation_not_found')
    }
    return this.#answer(conversationId, true)
  }

  async #transition(conversationId: string, transition: (current: ConversationState) => ConversationState) {
    const outcome = await this.#store.messages.transition(conversationId, transition)
    if (!outcome.ok) throw new PorchlightError(outcome.reason)
    return outcome
  }

  /** The conversation as it is now, published as `conversation.updated` when it changed. */
  async #answer(conversationId: string, changed: boolean): Promise<ConversationSummary> {
    const conversation = await this.#summaries.find(conversationId)
    if (!conversation) throw new PorchlightError('conversation_not_found')
    if (changed) this.#bus.emit('conversation.updated', { conversation })
    return conversation
  }
}

const changedState = (before: ConversationState, after: ConversationState) =>
  before.status !== after.status || before.assigneeId !== after.assigneeId
