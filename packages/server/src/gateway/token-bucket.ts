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
  readonly #perSecond: number
  readonly #burst: number
  readonly #clock: () => number
  #tokens: number
  #updatedAt: number

  constructor(perSecond: number, burst: number, clock: () => number) {
    this.#perSecond = perSecond
    this.#burst = burst
    this.#clock = clock
    this.#tokens = burst
    this.#updatedAt = clock()
  }

  /** Takes one token; false when none is left. */
  take(): boolean {
    this.#refill()
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** Whether the bucket has refilled to its burst: it remembers nothing a new bucket would not. */
  isFull(): boolean {
    this.#refill()
    return this.#tokens >= this.#burst
  }

  #refill(): void {
    const now = this.#clock()
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.#perSecond)
    this.#updatedAt = now
  }
}
