import type { PresenceState } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { EventBus } from '../events/event-bus.js'
import type { LivePresence } from '../presence/live-presence.js'
import type { Store } from '../store/store.js'
import { decideSession } from './session-rules.js'

/** Where the session tracker finds a site's inactivity window: `services.sites`. */
export interface SessionSites {
  find(siteId: string): Promise<{ readonly presence: { readonly inactivityWindow: number } } | undefined>
}

/** How many decided sessions to remember before starting over (it is only a shortcut). */
const maxKnown = 100_000

/**
 * Keeps every conversation's session (active or inactive, and why) up to date: it decides again when
 * the visitor's presence changes, when a tab of theirs connects, when the visitor writes, when the
 * conversation's status changes, and when an away visitor's inactivity window runs out (one timer per
 * such conversation). A change is stored and published as `session.changed`. The timers live in memory:
 * {@link restore} sets them again at start, from the store.
 */
export class SessionTracker {
  /** Decisions for one conversation run one after another. */
  readonly #queues = new Map<string, Promise<void>>()
  /** Conversations with a decision queued that has not started, and the presence it was last given. */
  readonly #waiting = new Map<string, PresenceState | undefined>()
  readonly #timers = new Map<string, NodeJS.Timeout>()
  /** The last session state decided per conversation: lets the common case skip a read. */
  readonly #known = new Map<string, 'active' | 'inactive'>()
  readonly #store: Store
  readonly #bus: EventBus
  readonly #presence: LivePresence
  readonly #sites: SessionSites
  readonly #clock: () => number
  readonly #log: FastifyBaseLogger
  #stopped = false

  constructor(
    store: Store,
    bus: EventBus,
    presence: LivePresence,
    options: { sites: SessionSites; clock: () => number; log: FastifyBaseLogger },
  ) {
    this.#store = store
    this.#bus = bus
    this.#presence = presence
    this.#sites = options.sites
    this.#clock = options.clock
    this.#log = options.log
    bus.on('presence.changed', ({ conversationId, presence: { state } }) => {
      if (conversationId) this.#decide(conversationId, state)
    })
    // A reconnect may leave presence as it was (an away visitor coming back hidden after a restart):
    // the session is decided all the same, so that its inactivity timer runs in this process.
    bus.on('visitor.connected', ({ conversationId }) => {
      if (conversationId) this.#decide(conversationId)
    })
    bus.on('message.created', ({ message, visitorId }) => {
      if (message.author !== 'visitor') return
      // An online visitor writing into an active session changes nothing: the hot path of chat.
      if (this.#presence.currentState(visitorId) === 'online' && this.#known.get(message.conversationId) === 'active') return
      this.#decide(message.conversationId)
    })
    bus.on('conversation.updated', ({ conversation }) => this.#decide(conversation.id))
    // A site's new inactivity window applies to the running timers (few: only away visitors' sessions).
    bus.on('site.updated', () => {
      for (const conversationId of this.#timers.keys()) this.#decide(conversationId)
    })
  }

  /**
   * At start: decides every active session again, which sets the inactivity timers a stopped server
   * held in memory. Resolves once every decision is made.
   */
  async restore(): Promise<void> {
    for (const conversationId of await this.#store.conversations.withActiveSession()) this.#decide(conversationId)
    await this.settled()
  }

  /** Resolves once every decision queued so far is made (and its change handed to the store). */
  async settled(): Promise<void> {
    await Promise.all(this.#queues.values())
  }

  stop(): void {
    this.#stopped = true
    for (const timer of this.#timers.values()) clearTimeout(timer)
  }

  #decide(conversationId: string, presence?: PresenceState): void {
    if (this.#stopped) return
    // A decision that has not started yet reads everything afresh when it does: one is enough (a
    // presence change and the connect behind it ask twice), and it takes the latest presence given.
    const waiting = this.#waiting.has(conversationId)
    this.#waiting.set(conversationId, presence ?? this.#waiting.get(conversationId))
    if (waiting) return
    const previous = this.#queues.get(conversationId) ?? Promise.resolve()
    const next = previous
      .then(() => {
        const latest = this.#waiting.get(conversationId)
        this.#waiting.delete(conversationId)
        return this.#run(conversationId, latest)
      })
      .catch((error: unknown) => this.#log.error({ err: error, conversationId }, 'could not decide a session'))
      .finally(() => {
        if (this.#queues.get(conversationId) === next) this.#queues.delete(conversationId)
      })
    this.#queues.set(conversationId, next)
  }

  async #run(conversationId: string, presence: PresenceState | undefined): Promise<void> {
    const inputs = await this.#store.conversations.sessionInputs(conversationId)
    const site = inputs && (await this.#sites.find(inputs.siteId))
    if (!inputs || !site || this.#stopped) return
    const now = this.#clock()
    const decision = decideSession({
      status: inputs.status,
      presence: presence ?? this.#presence.currentState(inputs.visitorId) ?? inputs.presence,
      lastVisitorMessageAt: inputs.lastVisitorMessageAt,
      now,
      inactivityWindow: site.presence.inactivityWindow,
    })
    clearTimeout(this.#timers.get(conversationId))
    this.#timers.delete(conversationId)
    if (decision.wakeAt !== null) {
      this.#timers.set(
        conversationId,
        setTimeout(() => this.#decide(conversationId), decision.wakeAt - now),
      )
    }
    if (this.#known.size >= maxKnown) this.#known.clear()
    this.#known.set(conversationId, decision.state)
    if (decision.state === inputs.session.state && decision.inactiveReason === inputs.session.inactiveReason) return
    const session = { state: decision.state, inactiveReason: decision.inactiveReason, since: now }
    this.#bus.emit('session.changed', {
      conversationId,
      session: { ...session, since: new Date(now).toISOString() },
    })
    await this.#store.conversations.setSession(conversationId, session)
  }
}
