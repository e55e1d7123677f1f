import { EventEmitter } from 'node:events'
import type { ConversationSummary, Message, Presence, Session } from '@porchlight/protocol'

/** The domain events features publish and subscribe to. */
export interface DomainEvents {
  /** A visitor wrote for the first time. */
  'conversation.created': { conversation: ConversationSummary }
  /** A conversation's status or owner changed. */
  'conversation.updated': { conversation: ConversationSummary }
  /** A visitor's merged presence changed (state, reason or `widgetOpen`). */
  'presence.changed': { visitorId: string; conversationId: string | null; presence: Presence }
  /** A conversation's session turned active or inactive. */
  'session.changed': { conversationId: string; session: Session }
  /** A message was durably stored. `originConnectionId` is the socket it came from, if any. */
  'message.created': { message: Message; visitorId: string; originConnectionId: string | null }
}

/**
 * The in-process bus between features: the gateways (and later webhooks, follow-ups, automations)
 * subscribe here instead of calling each other. With several server nodes, this is where pub/sub plugs in.
 *
 * @example
 * ```ts
 * const bus = new EventBus()
 * const off = bus.on('message.created', ({ message }) => console.log(message.text))
 * off()
 * ```
 */
export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false })

  constructor() {
    this.#emitter.setMaxListeners(0)
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof DomainEvents>(event: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.#emitter.on(event, listener)
    return () => this.#emitter.off(event, listener)
  }

  /** Delivers an event to every subscriber, synchronously, in the order they subscribed. */
  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    this.#emitter.emit(event, payload)
  }
}
