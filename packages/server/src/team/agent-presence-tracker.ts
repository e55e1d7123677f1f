import type { AgentPresence, AgentPresenceState } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'
import { decideAgentPresence, type AgentPresenceTimings } from './agent-presence-rules.js'

interface Tracked {
  state: AgentPresenceState
  connections: Set<string>
  lastActivityAt: number
  leftAt: number | null
  /** Decides again when something is pending (going away, the end of the grace). */
  timer: NodeJS.Timeout | undefined
  /** The last write of this agent's presence: the next one waits for it, so that they land in order. */
  written: Promise<void>
}

/**
 * The shell around {@link decideAgentPresence}: counts each agent's inbox sockets and their activity
 * (an entry per agent who connected since the start: a team, unlike visitors, is small),
 * keeps one timer per agent with something pending (going away, the offline grace), stores every change
 * (so that any node can tell whether the team is online) and then publishes `agent.presence_changed`.
 *
 * @example
 * ```ts
 * const tracker = new AgentPresenceTracker(store, bus, { clock: Date.now, log, timings: { agentIdleAfter: 900_000, offlineGrace: 10_000 } })
 * tracker.connect(agent.id, connectionId)
 * tracker.activity(agent.id)
 * tracker.disconnect(agent.id, connectionId, { ended: false })
 * ```
 */
export class AgentPresenceTracker {
  readonly #agents = new Map<string, Tracked>()
  readonly #store: Store
  readonly #bus: EventBus
  readonly #clock: () => number
  readonly #log: FastifyBaseLogger
  readonly #timings: AgentPresenceTimings
  #stopped = false

  constructor(store: Store, bus: EventBus, options: { clock: () => number; log: FastifyBaseLogger; timings: AgentPresenceTimings }) {
    this.#store = store
    this.#bus = bus
    this.#clock = options.clock
    this.#log = options.log
    this.#timings = options.timings
  }

  /**
   * At start: agents a stopped server left online or away turn offline after the grace, unless an inbox
   * of theirs reconnects within it (as the inbox does after a restart).
   */
  async restore(): Promise<void> {
    const now = this.#clock()
    for (const { agentId, state } of await this.#store.agents.notOffline()) {
      if (this.#agents.has(agentId)) continue
      this.#update(agentId, { ...this.#blank(state), leftAt: now })
    }
  }

  /** An inbox socket of the agent opened: connecting counts as activity. */
  connect(agentId: string, connectionId: string): void {
    const tracked = this.#agents.get(agentId) ?? this.#blank('offline')
    tracked.connections.add(connectionId)
    tracked.lastActivityAt = this.#clock()
    tracked.leftAt = null
    this.#update(agentId, tracked)
  }

  /** The person used an inbox of theirs (an `activity` frame). */
  activity(agentId: string): void {
    const tracked = this.#agents.get(agentId)
    if (!tracked || tracked.connections.size === 0) return
    tracked.lastActivityAt = this.#clock()
    this.#update(agentId, tracked)
  }

  /**
   * An inbox socket closed. `ended`: the agent's session ended (signed out, disabled, logged out by an
   * admin), so no reconnection is coming and there is no grace.
   */
  disconnect(agentId: string, connectionId: string, cause: { ended: boolean }): void {
    const tracked = this.#agents.get(agentId)
    if (!tracked?.connections.delete(connectionId)) return
    if (tracked.connections.size === 0) tracked.leftAt = cause.ended ? null : this.#clock()
    this.#update(agentId, tracked)
  }

  /** Stops every timer: the server is shutting down, and the next start restores. */
  stop(): void {
    this.#stopped = true
    for (const tracked of this.#agents.values()) clearTimeout(tracked.timer)
  }

  #blank(state: AgentPresenceState): Tracked {
    return { state, connections: new Set(), lastActivityAt: 0, leftAt: null, timer: undefined, written: Promise.resolve() }
  }

  #update(agentId: string, tracked: Tracked): void {
    if (this.#stopped) return
    this.#agents.set(agentId, tracked)
    const now = this.#clock()
    const { state, wakeAt } = decideAgentPresence({ ...tracked, sockets: tracked.connections.size }, now, this.#timings)
    if (state !== tracked.state) {
      tracked.state = state
      this.#publish(agentId, tracked, state, now)
    }
    // A handful of agents, an activity frame a minute each: a new timer every time costs nothing.
    clearTimeout(tracked.timer)
    tracked.timer = wakeAt === null ? undefined : setTimeout(() => this.#update(agentId, tracked), wakeAt - now)
  }

  #publish(agentId: string, tracked: Tracked, state: AgentPresenceState, at: number): void {
    const presence: AgentPresence = { state, since: new Date(at).toISOString() }
    tracked.written = tracked.written
      .then(() => this.#store.agents.setPresence(agentId, state, at))
      .then(
        () => this.#bus.emit('agent.presence_changed', { agentId, presence }),
        (error: unknown) => this.#log.error({ err: error, agentId }, 'could not record an agent’s presence'),
      )
  }
}
