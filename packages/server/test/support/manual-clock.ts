/**
 * A server clock for tests: real time plus the jumps the test makes (jobs due later run once it jumps).
 * Given a `start`, time stands still at it except for the jumps: times stored are exactly those the test
 * set.
 *
 * @example
 * ```ts
 * const clock = manualClock()
 * const server = await startServer({ clock: clock.now })
 * clock.advance(60_000)
 * ```
 */
export function manualClock(start?: number): { now: () => number; advance: (ms: number) => void } {
  let offset = 0
  const base = start === undefined ? Date.now : () => start
  return { now: () => base() + offset, advance: (ms: number) => void (offset += ms) }
}
