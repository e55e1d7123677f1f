import type {
  Agent,
  AgentPresence,
  ConversationSummary,
  Message,
  Note,
  Presence,
  Reader,
  Session,
  TypingActor,
  Viewer,
} from '@porchlight/protocol'

/** The domain events features publish and subscribe to. */
export interface DomainEvents {
  /** A visitor wrote for the first time; `pageUrl` is the page they wrote from (the `hello` frame's `url`), if known. */
  'conversation.created': { conversation: ConversationSummary; pageUrl?: string | null }
  /** A conversation's status, owner, priority, tags, group or visitor details changed. */
  'conversation.updated': { conversation: ConversationSummary }
  /** A visitor's merged presence changed (state, reason or `widgetOpen`). */
  'presence.changed': { visitorId: string; conversationId: string | null; presence: Presence }
  /** A tab of a visitor connected, whether or not their presence changed. */
  'visitor.connected': { visitorId: string; conversationId: string | null }
  /** A conversation's session turned active or inactive. */
  'session.changed': { conversationId: string; session: Session }
  /** A message was durably stored. `originConnectionId` is the socket it came from, if any. */
  'message.created': { message: Message; visitorId: string; originConnectionId: string | null }
  /** A read watermark moved forward: `reader` has seen every message of the conversation up to `seq`. */
  'receipt.read': { conversationId: string; visitorId: string; reader: Reader; seq: number }
  /** An agent session ended before its time (sign-out); `sessionId` is the stored hash of its token. */
  'agent.session_ended': { sessionId: string }
  /** A visitor opened the chat (the panel open in a visible tab) or left it (see presence-engine's `inChat`). */
  'visitor.in_chat': { visitorId: string; conversationId: string | null; inChat: boolean }
  /** A follow-up email was accepted by the SMTP server (or written to the outbox). */
  'followup.sent': { conversationId: string; visitorId: string; siteId: string; messageId: string }
  /** A follow-up email failed for good (the SMTP server refused it permanently). */
  'followup.failed': { conversationId: string; visitorId: string; siteId: string; error: string }
  /** A site or its settings changed (created, patched, identity secret rotated). */
  'site.updated': { siteId: string }
  /** A site's webhook endpoints were added, changed or removed. */
  'webhook.changed': { siteId: string }
  /** Every session of an agent ended (force-logout, disabled, new password), but `exceptSessionId` if given. */
  'agent.sessions_ended': { agentId: string; exceptSessionId?: string }
  /** An agent's presence changed; it is stored before this is published. */
  'agent.presence_changed': { agentId: string; presence: AgentPresence }
  /** An agent was created or changed (name, email, role, disabled). */
  'agent.updated': { agent: Agent }
  /** Whether at least one agent is online changed, at `at` (ms). */
  'team.availability_changed': { online: boolean; at: number }
  /** An agent wrote a private note: for agents only, never a visitor. */
  'note.created': { note: Note }
  /** Someone typed (or stopped) in a conversation (paced; see `live/typing-pacer.ts`). */
  'typing.changed': { conversationId: string; visitorId: string; actor: TypingActor; active: boolean }
  /** The agents who have a conversation open changed. */
  'viewers.changed': { conversationId: string; agents: Viewer[] }
}

/** Where the bus reports a subscriber that threw. */
export interface BusErrorLog {
  error(details: { err: unknown; event: string }, message: string): void
}

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void

/**
 * The in-process bus between features: the gateways (and later webhooks, follow-ups, automations)
 * subscribe here instead of calling each other. With several server nodes, this is where pub/sub plugs in.
 * A subscriber that throws is logged and does not keep the event from the others, nor reach the publisher.
 *
 * @example
 * ```ts
 * const bus = new EventBus(app.log)
 * const off = bus.on('message.created', ({ message }) => console.log(message.text))
 * off()
 * ```
 */
export class EventBus {
  readonly #listeners = new Map<keyof DomainEvents, Set<Listener<never>>>()
  readonly #log: BusErrorLog

  constructor(log: BusErrorLog) {
    this.#log = log
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof DomainEvents>(event: K, listener: Listener<K>): () => void {
    let listeners = this.#listeners.get(event)
    if (!listeners) this.#listeners.set(event, (listeners = new Set()))
    // A wrapper per subscription: the same function subscribed twice is called twice, like EventEmitter.
    const subscription: Listener<K> = (payload) => listener(payload)
    listeners.add(subscription)
    return () => listeners.delete(subscription)
  }

  /** Delivers an event to every subscriber, synchronously, in the order they subscribed. */
  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        ;(listener as Listener<K>)(payload)
      } catch (error) {
        this.#log.error({ err: error, event }, 'an event subscriber failed')
      }
    }
  }
}
