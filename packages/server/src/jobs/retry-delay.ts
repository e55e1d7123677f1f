/** The bounds of the back-off between a job's attempts, in milliseconds. */
export interface RetryBounds {
  /** The longest wait after the first failed attempt; it doubles with each further one. */
  base: number
  /** The longest any wait gets. */
  cap: number
}

/**
 * How long to wait after failed attempt number `attempt` (1 for the first): exponential back-off with
 * full jitter, a random time between 0 and min(cap, base · 2^(attempt − 1)). The jitter spreads the
 * retries of jobs that failed together (an SMTP server that was down) instead of sending them back at
 * the same moment.
 *
 * @example
 * ```ts
 * retryDelay(3, { base: 1000, cap: 3_600_000 }) // between 0 and 4000
 * ```
 */
export function retryDelay(attempt: number, bounds: RetryBounds, random: () => number = Math.random): number {
  // The exponent is bounded so that a large attempt number cannot overflow to Infinity before the cap.
  const ceiling = Math.min(bounds.cap, bounds.base * 2 ** Math.min(Math.max(attempt - 1, 0), 52))
  return Math.floor(random() * ceiling)
}
