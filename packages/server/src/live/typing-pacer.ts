/** How many conversations one socket's pacer remembers before it forgets the oldest. */
const defaultMaxKeys = 64

/**
 * Paces one socket's typing frames, per conversation (`key`): a frame goes on when the last one that
 * went on for that key is at least `interval` old; faster ones are dropped. A stop right after a start
 * that went on is the exception: without it the indicator would stay on until the receiver's timeout
 * after the person stopped. So at most two frames per interval go on for a key, whatever comes in.
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
  /** The last frame that went on, by key, oldest first. */
  readonly #last = new Map<string, { at: number; active: boolean }>()

  constructor(interval: number, clock: () => number, maxKeys = defaultMaxKeys) {
    this.#interval = interval
    this.#clock = clock
    this.#maxKeys = maxKeys
  }

  /** Whether a typing frame (`active` or a stop) for `key` goes on now; if so, it counts as the last. */
  admit(key: string, active: boolean): boolean {
    const now = this.#clock()
    const last = this.#last.get(key)
    if (last && now - last.at < this.#interval && !(last.active && !active)) return false
    this.#last.delete(key)
    if (this.#last.size >= this.#maxKeys) this.#last.delete(this.#last.keys().next().value!)
    this.#last.set(key, { at: now, active })
    return true
  }
}
