import { describe, expect, it } from 'vitest'
import { retryDelay } from './retry-delay.js'

const bounds = { base: 1_000, cap: 3_600_000 }

describe('retryDelay', () => {
  it('waits up to the base after the first failure, doubling the ceiling with each further one', () => {
    const highest = (attempt: number) => retryDelay(attempt, bounds, () => 0.999_999)
    expect([1, 2, 3, 4].map(highest)).toEqual([999, 1_999, 3_999, 7_999])
  })

  it('never waits longer than the cap, however many attempts failed', () => {
    for (const attempt of [13, 20, 100, 10_000]) expect(retryDelay(attempt, bounds, () => 0.999_999)).toBe(3_599_996)
  })

  it('spreads retries over the whole range (full jitter), from no wait at all', () => {
    expect(retryDelay(5, bounds, () => 0)).toBe(0)
    expect(retryDelay(5, bounds, () => 0.5)).toBe(8_000)
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(5, bounds)))
    expect(delays.size).toBeGreaterThan(40)
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(0)
    for (const delay of delays) expect(delay).toBeLessThan(16_000)
  })
})
