import type { Presence, PresenceState, TabSignals } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'
import type { VisitorPresenceChange } from '../store/presence-repository.js'
import type { LivePresence } from './live-presence.js'
import {
  applyPresenceEvent,
  inChat,
  offlinePresence,
  orphanedPresence,
  presenceWakeAt,
  type DisconnectCause,
  type PresenceEvent,
  type PresenceRecord,
  type PresenceTimings,
  type VisitorPresence,
} from './presence-engine.js'

/** A site's presence timings, as the presence tracker reads them (the site directory gives them). */
export interface PresenceSite {
  readonly id: string
  readonly presence: PresenceTimings
}

/** Where the tracker finds a site's current timings: `services.sites`. */
export interface PresenceSites {
  find(siteId: string): Promise<PresenceSite | undefined>
}

interface Tracked {
  presence: VisitorPresence
  /** The visitor's site as of its last connect or change: its timings decide this visitor's debounce and grace. */
  site: PresenceSite
  conversationId: string | null
  timer: NodeJS.Timeout | undefined
  wakeAt: number | null
}

/**
 * How long a presence change may wait to be recorded with others. Changes reach agents at once; only the
 * write waits, so that a busy moment costs a few commits instead of one per change.
 */
const recordWindow = 100

const toPresence = (record: PresenceRecord): Presence => ({
  state: record.state,
  reason: record.reason,
  widgetOpen: record.widgetOpen,
  since: new Date(record.since).toISOString(),
})

/**
 * The shell around the presence engine: feeds it what the sockets see, keeps one timer per visitor who
 * has a debounce or grace pending (none per connection), records each change (current presence and
 * timeline, in the shared commit: a change costs no fsync of its own) and publishes `presence.changed`
 * at once, before the write, so agents see it without waiting for the disk. Every connect is published
 * too (`visitor.connected`), changed or not, for what decides on it.
 */
export class PresenceTracker implements LivePresence {
  readonly #visitors = new Map<string, Tracked>()
  readonly #store: Store
  readonly #bus: EventBus
  readonly #sites: PresenceSites
  readonly #clock: () => number
  readonly #log: FastifyBaseLogger
  #stopped = false
  #unrecorded: VisitorPresenceChange[] = []
  /** Visitors with nothing pending and no tab, to forget once their changes are recorded. */
  readonly #settled = new Set<string>()
  #recordTimer: NodeJS.Timeout | undefined

  constructor(store: Store, bus: EventBus, sites: PresenceSites, clock: () => number, log: FastifyBaseLogger) {
    this.#store = store
    this.#bus = bus
    this.#sites = sites
    this.#clock = clock
    this.#log = log
    // The visitor's first message started a conversation: later changes belong to it.
    bus.on('conversation.created', ({ conversation }) => {
      const tracked = this.#visitors.get(conversation.visitor.id)
      if (tracked) tracked.conversationId = conversation.id
    })
    // A verified user's browser may bring its conversation along (see identity/visitor-identities.ts).
    bus.on('conversation.updated', ({ conversation }) => {
      const tracked = this.#visitors.get(conversation.visitor.id)
      if (tracked) tracked.conversationId = conversation.id
    })
    // A site's new timings apply to its visitors' pending debounces and graces at once.
    bus.on('site.updated', ({ siteId }) => {
      this.#sites
        .find(siteId)
        .then((site) => site && this.#retime(site))
        .catch((error: unknown) => this.#log.error({ err: error, siteId }, 'could not apply a site change to presence'))
    })
  }

  /**
   * At start: visitors a stopped server left online or away turn offline after the grace, unless they
   * reconnect within it (as the widget does after a restart).
   */
  async restore(): Promise<void> {
    const now = this.#clock()
    for (const { visitorId, siteId, conversationId, entry } of await this.#store.presence.notOffline()) {
      const site = await this.#sites.find(siteId)
      if (this.#visitors.has(visitorId) || !site) continue
      this.#track(visitorId, { presence: orphanedPresence(entry, now), site, conversationId, timer: undefined, wakeAt: null })
    }
  }

  /**
   * A tab connected; `stored` is the visitor's presence as last recorded, `site` their site as the
   * connection found it. Returns whether the visitor's presence changed (and `presence.changed` went out).
   */
  connect(
    visitorId: string,
    conversationId: string | null,
    tab: string,
    signals: TabSignals,
    stored: PresenceRecord,
    site: PresenceSite,
  ): boolean {
    const tracked = this.#visitors.get(visitorId)
    if (tracked) tracked.site = site
    else this.#visitors.set(visitorId, { presence: offlinePresence(stored), site, conversationId, timer: undefined, wakeAt: null })
    const changed = this.#apply(visitorId, { type: 'connect', tab, signals, at: this.#clock() })
    if (!this.#stopped) this.#bus.emit('visitor.connected', { visitorId, conversationId })
    return changed
  }

  signals(visitorId: string, tab: string, signals: TabSignals): void {
    this.#apply(visitorId, { type: 'signals', tab, signals, at: this.#clock() })
  }

  /** The tab answers protocol pings but not the page's own, or said it is freezing. */
  frozen(visitorId: string, tab: string): void {
    this.#apply(visitorId, { type: 'frozen', tab, at: this.#clock() })
  }

  disconnect(visitorId: string, tab: string, cause: DisconnectCause): void {
    this.#apply(visitorId, { type: 'disconnect', tab, cause, at: this.#clock() })
  }

  /** A page of this visitor said it is going away (on its socket or with a beacon). */
  pagehide(visitorId: string): void {
    this.#apply(visitorId, { type: 'pagehide', at: this.#clock() })
  }

  current(visitorId: string): Presence | undefined {
    const tracked = this.#visitors.get(visitorId)
    return tracked && toPresence(tracked.presence.current)
  }

  /** Whether the visitor has the chat panel open in a visible tab connected here (see {@link inChat}). */
  inChat(visitorId: string): boolean {
    const tracked = this.#visitors.get(visitorId)
    return tracked !== undefined && inChat(tracked.presence.tabs)
  }

  /** What one tab of the visitor last reported, if it is connected. */
  signalsOf(visitorId: string, tab: string): TabSignals | undefined {
    return this.#visitors.get(visitorId)?.presence.tabs.get(tab)
  }

  currentState(visitorId: string): PresenceState | undefined {
    return this.#visitors.get(visitorId)?.presence.current.state
  }

  /**
   * Stops every timer and ignores what follows: the server is shutting down, and the next start restores.
   * Changes not yet recorded are handed to the store, which writes them before it closes.
   */
  stop(): void {
    this.#stopped = true
    for (const tracked of this.#visitors.values()) clearTimeout(tracked.timer)
    this.#record()
  }

  #record(): void {
    clearTimeout(this.#recordTimer)
    this.#recordTimer = undefined
    for (const visitorId of this.#settled) {
      const tracked = this.#visitors.get(visitorId)
      if (tracked && tracked.wakeAt === null && tracked.presence.tabs.size === 0) this.#visitors.delete(visitorId)
    }
    this.#settled.clear()
    if (this.#unrecorded.length === 0) return
    const changes = this.#unrecorded
    this.#unrecorded = []
    this.#store.presence
      .record(changes)
      .catch((error: unknown) => this.#log.error({ err: error, changes: changes.length }, 'could not record presence changes'))
  }

  /** A site changed: its visitors' pending debounces and graces run by the new timings. */
  #retime(site: PresenceSite): void {
    for (const [visitorId, tracked] of this.#visitors) {
      if (tracked.site.id !== site.id) continue
      tracked.site = site
      this.#schedule(visitorId, tracked)
    }
  }

  #track(visitorId: string, tracked: Tracked): void {
    this.#visitors.set(visitorId, tracked)
    this.#schedule(visitorId, tracked)
  }

  /** Returns whether the presence changed. */
  #apply(visitorId: string, event: PresenceEvent): boolean {
    const tracked = this.#visitors.get(visitorId)
    if (!tracked || this.#stopped) return false
    const tabsBefore = tracked.presence.tabs
    const { presence, change } = applyPresenceEvent(tracked.presence, event, tracked.site.presence)
    tracked.presence = presence
    // Tabs are replaced, never changed in place: the same map means nothing about them changed.
    if (presence.tabs !== tabsBefore && inChat(presence.tabs) !== inChat(tabsBefore)) {
      this.#bus.emit('visitor.in_chat', { visitorId, conversationId: tracked.conversationId, inChat: inChat(presence.tabs) })
    }
    if (change) {
      this.#bus.emit('presence.changed', { visitorId, conversationId: tracked.conversationId, presence: toPresence(change) })
      this.#unrecorded.push({ visitorId, conversationId: tracked.conversationId, entry: change })
    }
    this.#schedule(visitorId, tracked)
    if (change || this.#settled.size > 0) this.#recordTimer ??= setTimeout(() => this.#record(), recordWindow)
    return change !== null
  }

  #schedule(visitorId: string, tracked: Tracked): void {
    const wakeAt = presenceWakeAt(tracked.presence, tracked.site.presence)
    if (wakeAt !== tracked.wakeAt) {
      clearTimeout(tracked.timer)
      tracked.wakeAt = wakeAt
      tracked.timer =
        wakeAt === null
          ? undefined
          : setTimeout(() => {
              tracked.wakeAt = null
              this.#apply(visitorId, { type: 'tick', at: Math.max(wakeAt, this.#clock()) })
            }, wakeAt - this.#clock())
    }
    // Nothing pending and nobody connected: once its last change is recorded, the stored row holds all
    // there is to know, and the visitor is forgotten here.
    if (wakeAt === null && tracked.presence.tabs.size === 0) this.#settled.add(visitorId)
  }
}
