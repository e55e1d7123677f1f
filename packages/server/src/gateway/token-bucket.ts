/**
 * A token bucket: `burst` tokens to start with, refilled at `perSecond`. Cheap enough to keep one per
 * connection; it reads the clock only when asked.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket(5, 20, Date.now)
 * if (!bucket.take()) reject('rate_limited')
 * ```
 */
export class TokenBucket {
  #tokens: number
  #updatedAt: number

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly clock: () => number,
  ) {
    this.#tokens = burst
    this.#updatedAt = clock()
  }

  /** Takes one token; false when none is left. */
  take(): boolean {
    const now = this.clock()
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.perSecond)
    this.#updatedAt = now
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}
