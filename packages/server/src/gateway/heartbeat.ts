/** A connection the heartbeat checks each round. */
export interface Beating {
  /** One round: give up on the connection if it missed the last round, else ping it again. */
  beat(): void
}

/** About how often a slice of the members beats: small slices keep each stall of the event loop short. */
const sliceEvery = 25

/** What the heartbeat needs from its surroundings; tests pass their own. */
export interface HeartbeatClock {
  /** A monotonic clock in milliseconds. */
  now(): number
  /** Runs `callback` once the I/O that is waiting now has been read (Node: `setImmediate`). */
  afterPendingIo(callback: () => void): { cancel(): void }
}

const nodeClock: HeartbeatClock = {
  now: () => performance.now(),
  afterPendingIo(callback) {
    const immediate = setImmediate(callback)
    return { cancel: () => clearImmediate(immediate) }
  },
}

/**
 * The server-driven heartbeat: one timer for every connection of a gateway, never one per connection.
 * Every member beats once per interval, but not all at once: members are spread over slices of the
 * interval, so that pinging ten thousand sockets (and reading their ten thousand answers) does not
 * stall the event loop in one go.
 *
 * A stall of the server (a long GC pause, a slow disk, SIGSTOP) must not cost a connection that
 * answered. Two rules see to it:
 * - Members beat only after the I/O already waiting has been read: the timer fires before Node reads
 *   the sockets, and the pongs that arrived during a stall are in those sockets. So the timer only
 *   decides which slices are due, and they beat in `setImmediate`, which runs after the poll phase.
 * - A slice never beats twice in a row without an interval between: after a stall of more than half an
 *   interval, the schedule moves on from where it stopped instead of catching up, as if the heartbeat
 *   had been paused with the rest of the server. Shorter delays are caught up, so that late timers do
 *   not stretch the interval.
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
  readonly #sliceLength: number
  readonly #clock: HeartbeatClock
  readonly #timer: NodeJS.Timeout
  #next = 0
  /** Where slice 0 of round 0 would have beaten: moved forward by stalls. */
  #origin: number
  /** How many slices have been due so far, counted from the origin. */
  #scheduled = 0
  /** Slices due and waiting for the pending I/O to be read. */
  readonly #due: number[] = []
  #pending: { cancel(): void } | undefined

  constructor(interval: number, clock: HeartbeatClock = nodeClock) {
    const slices = Math.max(1, Math.round(interval / sliceEvery))
    this.#sliceLength = interval / slices
    this.#slices = Array.from({ length: slices }, () => new Set())
    this.#clock = clock
    this.#origin = clock.now()
    this.#timer = setInterval(() => this.#tick(), this.#sliceLength)
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
    this.#pending?.cancel()
    this.#pending = undefined
  }

  #tick(): void {
    const slices = this.#slices.length
    let due = Math.floor((this.#clock.now() - this.#origin) / this.#sliceLength)
    if (due - this.#scheduled > slices / 2) {
      // A stall: resume the rotation where it stopped, one slice now.
      this.#origin += (due - this.#scheduled - 1) * this.#sliceLength
      due = this.#scheduled + 1
    }
    for (; this.#scheduled < due; this.#scheduled++) this.#due.push(this.#scheduled % slices)
    if (this.#due.length > 0) this.#pending ??= this.#clock.afterPendingIo(() => this.#beatDue())
  }

  #beatDue(): void {
    this.#pending = undefined
    for (const index of this.#due.splice(0)) {
      for (const member of this.#slices[index]!) member.beat()
    }
  }
}
