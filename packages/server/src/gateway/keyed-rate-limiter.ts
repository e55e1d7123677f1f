import { TokenBucket } from './token-bucket.js'

/** How many keys a limiter holds before it forgets the oldest. */
const defaultMaxKeys = 100_000

/**
 * Token buckets by key (an address, a visitor): `burst` at once, then `perSecond`. A key whose bucket has
 * refilled is forgotten, since a new bucket would be the same, so the map holds only the keys that were
 * busy lately; past `maxKeys` the oldest are dropped. In memory, per process: with several server nodes
 * each enforces its own share, and the limit is per node.
 *
 * @example
 * ```ts
 * const newVisitors = new KeyedRateLimiter(0.5, 60, Date.now)
 * if (!newVisitors.take(request.ip)) refuse('too_many_visitors')
 * ```
 */
export class KeyedRateLimiter {
  readonly #buckets = new Map<string, TokenBucket>()
  readonly #perSecond: number
  readonly #burst: number
  readonly #clock: () => number
  readonly #maxKeys: number
  /** The size at which full buckets are next swept out: twice the size after the last sweep. */
  #sweepAt = 1024

  constructor(perSecond: number, burst: number, clock: () => number, maxKeys = defaultMaxKeys) {
    this.#perSecond = perSecond
    this.#burst = burst
    this.#clock = clock
    this.#maxKeys = maxKeys
  }

  /** Takes a token for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    let bucket = this.#buckets.get(key)
    if (!bucket) {
      if (this.#buckets.size >= this.#sweepAt) this.#sweep()
      bucket = new TokenBucket(this.#perSecond, this.#burst, this.#clock)
      this.#buckets.set(key, bucket)
    }
    return bucket.take()
  }

  /** How many keys are held (for tests and metrics). */
  get size(): number {
    return this.#buckets.size
  }

  #sweep(): void {
    for (const [key, bucket] of this.#buckets) if (bucket.isFull()) this.#buckets.delete(key)
    // Keys are in the order they were first seen: past the bound, the oldest go.
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < this.#maxKeys) break
      this.#buckets.delete(key)
    }
    this.#sweepAt = Math.max(1024, this.#buckets.size * 2)
  }
}
