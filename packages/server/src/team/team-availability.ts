import type { FastifyBaseLogger } from 'fastify'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'

/**
 * Whether the team is online: at least one enabled agent is. Read from the store (where every node
 * records its agents' presence) whenever an agent's presence or account changes, and published as
 * `team.availability_changed` when the answer changes. {@link online} is that answer, cached, for
 * every visitor's welcome.
 *
 * @example
 * ```ts
 * const team = new TeamAvailability(store, bus, { clock: Date.now, log })
 * await team.restore()
 * welcome.teamOnline = team.online
 * ```
 */
export class TeamAvailability {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #clock: () => number
  readonly #log: FastifyBaseLogger
  #online = false
  /** Checks run one after another, so that an older answer never overwrites a newer one. */
  #checked: Promise<void> = Promise.resolve()

  constructor(store: Store, bus: EventBus, options: { clock: () => number; log: FastifyBaseLogger }) {
    this.#store = store
    this.#bus = bus
    this.#clock = options.clock
    this.#log = options.log
    bus.on('agent.presence_changed', () => this.#check())
    bus.on('agent.updated', () => this.#check())
  }

  /** Whether at least one agent is online, as of the last change seen. */
  get online(): boolean {
    return this.#online
  }

  /** Reads the team's availability at start. */
  async restore(): Promise<void> {
    this.#online = await this.#store.agents.anyOnline()
  }

  #check(): void {
    this.#checked = this.#checked
      .then(async () => {
        const online = await this.#store.agents.anyOnline()
        if (online === this.#online) return
        this.#online = online
        this.#bus.emit('team.availability_changed', { online, at: this.#clock() })
      })
      .catch((error: unknown) => this.#log.error({ err: error }, 'could not read whether the team is online'))
  }
}
