import { typingPace, type Viewer } from '@porchlight/protocol'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'
import { TypingPacer } from './typing-pacer.js'
import { Viewers } from './viewers.js'

/** An agent on one socket: the object itself tells the socket apart (an agent may have several). */
export interface SocketAgent {
  readonly id: string
  readonly name: string
}

/**
 * What happens in conversations as it happens, without being stored: who is typing (paced per socket
 * and conversation, see {@link TypingPacer}) and which agents have a conversation open. Both are
 * published on the bus (`typing.changed`, `viewers.changed`), which the gateways turn into frames.
 * Who views what is this node's memory of its own sockets; a socket that closes leaves.
 *
 * @example
 * ```ts
 * await live.agentTyping(agentSocket, 'c1', true) // the visitor's tabs and the other agents learn it
 * const viewers = await live.view(agentSocket, 'c1')
 * ```
 */
export class LiveService {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #clock: () => number
  readonly #pacers = new WeakMap<object, TypingPacer>()
  /** Each agent socket's last typing frame on its way out: the next one goes out after it. */
  readonly #typed = new WeakMap<object, Promise<unknown>>()
  readonly #viewers = new Viewers()
  /** The latest `viewing` of each agent socket, while its conversation is being looked up. */
  readonly #latest = new Map<object, object>()

  constructor(store: Store, bus: EventBus, clock: () => number) {
    this.#store = store
    this.#bus = bus
    this.#clock = clock
  }

  /** The visitor typed (or stopped) on `socket`, in their conversation. */
  visitorTyping(socket: object, conversation: { id: string; visitorId: string }, active: boolean): void {
    if (!this.#pace(socket, conversation.id, active)) return
    this.#bus.emit('typing.changed', {
      conversationId: conversation.id,
      visitorId: conversation.visitorId,
      actor: { kind: 'visitor' },
      active,
    })
  }

  /**
   * An agent typed (or stopped) in a conversation; throws `conversation_not_found` for an unknown one.
   * The socket's frames are paced as they arrive and go out in that order: a stop never overtakes its
   * start while the conversation is looked up (a store may answer the lookups out of order).
   */
  agentTyping(agent: SocketAgent, conversationId: string, active: boolean): Promise<void> {
    if (!this.#pace(agent, conversationId, active)) return Promise.resolve()
    const lookup = this.#store.conversations.visitorOf(conversationId)
    const sent = (this.#typed.get(agent) ?? Promise.resolve())
      .then(() => lookup)
      .then((visitorId) => {
        if (visitorId === undefined) throw new PorchlightError('conversation_not_found')
        const actor = { kind: 'agent' as const, agentId: agent.id, name: agent.name }
        this.#bus.emit('typing.changed', { conversationId, visitorId, actor, active })
      })
    this.#typed.set(
      agent,
      sent.catch(() => undefined),
    )
    return sent
  }

  /**
   * The agent's socket shows `conversationId` now (`null`: none); throws `conversation_not_found` for an
   * unknown one. Every change of a conversation's viewers is published; when the one shown did not
   * change (nobody else was told), its viewers are returned for the socket itself.
   */
  async view(agent: SocketAgent, conversationId: string | null): Promise<Viewer[] | undefined> {
    const ticket = {}
    this.#latest.set(agent, ticket)
    if (conversationId !== null && (await this.#store.conversations.visitorOf(conversationId)) === undefined) {
      throw new PorchlightError('conversation_not_found')
    }
    // A later `viewing` from this socket, or its close, wins over this one.
    if (this.#latest.get(agent) !== ticket) return undefined
    const changed = this.#viewers.view(agent, { id: agent.id, name: agent.name }, conversationId)
    this.#publish(changed)
    return conversationId === null || changed.includes(conversationId) ? undefined : this.#viewers.of(conversationId)
  }

  /** An agent's name changed: the conversations they view show the new one (their sockets carry it already). */
  renamed(agentId: string, name: string): void {
    this.#publish(this.#viewers.rename(agentId, name))
  }

  /** The agent's socket closed: it views nothing any more. */
  leave(agent: SocketAgent): void {
    this.#latest.delete(agent)
    this.#publish(this.#viewers.leave(agent))
  }

  #publish(conversationIds: string[]): void {
    for (const conversationId of conversationIds) {
      this.#bus.emit('viewers.changed', { conversationId, agents: this.#viewers.of(conversationId) })
    }
  }

  #pace(socket: object, conversationId: string, active: boolean): boolean {
    let pacer = this.#pacers.get(socket)
    if (!pacer) this.#pacers.set(socket, (pacer = new TypingPacer(typingPace.serverInterval, this.#clock)))
    return pacer.admit(conversationId, active)
  }
}
