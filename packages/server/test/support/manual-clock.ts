/**
 * A server clock for tests: real time plus the jumps the test makes (jobs due later run once it jumps).
 *
 * @example
 * ```ts
 * const clock = manualClock()
 * const server = await startServer({ clock: clock.now })
 * clock.advance(60_000)
 * ```
 */
export function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let offset = 0
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) }
}
