/** A connection the heartbeat checks each round. */
export interface Beating {
  /** One round: give up on the connection if it missed the last round, else ping it again. */
  beat(): void
}

/** About how often a slice of the members beats: small slices keep each stall of the event loop short. */
const sliceEvery = 25

/**
 * The server-driven heartbeat: one timer for every connection of a gateway, never one per connection.
 * Every member beats once per interval, but not all at once: members are spread over slices of the
 * interval, so that pinging ten thousand sockets (and reading their ten thousand answers) does not
 * stall the event loop in one go.
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat(10_000)
 * heartbeat.add(connection)
 * heartbeat.delete(connection) // when it closes
 * ```
 */
export class Heartbeat {
  readonly #slices: Array<Set<Beating>>
  readonly #timer: NodeJS.Timeout
  #next = 0
  /** The number of the last slice that beat, counted from the start. */
  #beaten: number

  constructor(interval: number) {
    const slices = Math.max(1, Math.round(interval / sliceEvery))
    const sliceLength = interval / slices
    const started = performance.now()
    this.#slices = Array.from({ length: slices }, () => new Set())
    this.#beaten = 0
    // The slices due are worked out from the clock, not by counting ticks: late timers must not
    // stretch the interval (forty ticks each 2 ms late would make a round 8% longer).
    this.#timer = setInterval(() => {
      const due = Math.floor((performance.now() - started) / sliceLength)
      for (; this.#beaten < due; this.#beaten++) {
        for (const member of this.#slices[this.#beaten % slices]!) member.beat()
      }
    }, sliceLength)
    this.#timer.unref()
  }

  /** Starts beating a member (in the slice that has waited longest for a new one). */
  add(member: Beating): void {
    const slice = this.#slices[this.#next]!
    this.#next = (this.#next + 1) % this.#slices.length
    slice.add(member)
  }

  /** Stops beating a member. (Looking in every slice costs less than remembering each member's.) */
  delete(member: Beating): void {
    for (const slice of this.#slices) if (slice.delete(member)) return
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}
