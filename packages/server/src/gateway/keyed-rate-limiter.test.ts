import { describe, expect, it } from 'vitest'
import { KeyedRateLimiter } from './keyed-rate-limiter.js'

describe('KeyedRateLimiter', () => {
  it('gives each key its own burst, refilled at the rate', () => {
    let now = 0
    const limiter = new KeyedRateLimiter(1, 2, () => now)
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false])
    expect(limiter.take('b')).toBe(true)
    now += 1_000
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false])
  })

  it('forgets keys whose buckets have refilled, and the oldest past its bound', () => {
    let now = 0
    const limiter = new KeyedRateLimiter(1, 1, () => now, 1_500)
    for (let index = 0; index < 1_024; index++) limiter.take(`idle-${index}`)
    now += 1_000 // every bucket so far has refilled: a new one would be the same
    limiter.take('busy')
    expect(limiter.size).toBe(1)
    limiter.take('busy')
    // A flood of keys that are all busy: past the bound, the oldest are forgotten (and start afresh).
    for (let index = 0; index < 10_000; index++) limiter.take(`flood-${index}`)
    expect(limiter.size).toBeLessThanOrEqual(2 * 1_500)
    expect(limiter.take('busy')).toBe(true)
  })
})
