import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { reconnectDelay } from './backoff.js'

describe('reconnectDelay', () => {
  test('the first attempt goes at once', () => {
    expect(reconnectDelay(0, () => 0.99)).toBe(0)
  })

  test('the cap doubles from 1 s and stops at 30 s', () => {
    const caps = [1, 2, 3, 4, 5, 6, 7, 40, 2000].map((attempt) => reconnectDelay(attempt, () => 1))
    expect(caps).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000])
  })

  test('full jitter: random(0, cap)', () => {
    expect(reconnectDelay(3, () => 0)).toBe(0)
    expect(reconnectDelay(3, () => 0.25)).toBe(1000)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const delay = reconnectDelay(attempt, () => random)
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThan(Math.min(30_000, 500 * 2 ** attempt))
        expect(delay).toBeCloseTo(random * Math.min(30_000, 500 * 2 ** attempt), 6)
      }),
    )
  })

  test('uses Math.random by default', () => {
    const delays = Array.from({ length: 50 }, () => reconnectDelay(2))
    expect(delays.every((delay) => delay >= 0 && delay < 2000)).toBe(true)
    expect(new Set(delays).size).toBeGreaterThan(1)
  })
})
