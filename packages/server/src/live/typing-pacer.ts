/** How many conversations one socket's pacer remembers before it forgets the oldest. */
const defaultMaxKeys = 64
/** The most frames that go on per key within one interval: a start and a stop, twice. */
const maxPerInterval = 4

/**
 * Paces one socket's typing frames, per conversation (`key`). A frame that repeats the last one that went
 * on for that key (a start while typing goes on, a second stop) goes on when that one is at least
 * `interval` old; faster ones are dropped. A frame that changes it (a stop after a start, a start after a
 * stop) goes on at once: held back, the indicator would stay on until the receiver's timeout after the
 * person stopped, or off while they type again. Whatever comes in, at most four frames go on per
 * interval and key (more changes are dropped until the oldest of the four is an interval old).
 * In memory, per socket: it bounds what one socket makes the server fan out.
 *
 * @example
 * ```ts
 * const pacer = new TypingPacer(1000, Date.now)
 * if (pacer.admit(conversationId, frame.active)) bus.emit('typing.changed', ...)
 * ```
 */
export class TypingPacer {
  readonly #interval: number
  readonly #clock: () => number
  readonly #maxKeys: number
  /** By key, oldest first: the last frame that went on, and when the recent ones (at most four) did. */
  readonly #last = new Map<string, { active: boolean; times: number[] }>()

  constructor(interval: number, clock: () => number, maxKeys = defaultMaxKeys) {
    this.#interval = interval
    this.#clock = clock
    this.#maxKeys = maxKeys
  }

  /** Whether a typing frame (`active` or a stop) for `key` goes on now; if so, it counts as the last. */
  admit(key: string, active: boolean): boolean {
    const now = this.#clock()
    const last = this.#last.get(key)
    const recent = last?.times.filter((at) => now - at < this.#interval) ?? []
    if (last && last.active === active && recent.length > 0 && now - recent.at(-1)! < this.#interval) return false
    if (recent.length >= maxPerInterval) return false
    this.#last.delete(key)
    if (this.#last.size >= this.#maxKeys) this.#last.delete(this.#last.keys().next().value!)
    this.#last.set(key, { active, times: [...recent, now] })
    return true
  }
}
