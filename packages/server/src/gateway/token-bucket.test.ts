import { describe, expect, it } from 'vitest'
import { TokenBucket } from './token-bucket.js'

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start
  return { read: () => now, advance: (ms: number) => (now += ms) }
}

/** How many tokens can be taken right now (taking them all). */
function drain(bucket: TokenBucket): number {
  let taken = 0
  while (bucket.take()) taken++
  return taken
}

describe('TokenBucket', () => {
  it('starts full: a burst of exactly `burst` tokens, then none at the same instant', () => {
    const clock = manualClock()
    const bucket = new TokenBucket(5, 20, clock.read)
    expect(drain(bucket)).toBe(20)
    expect(bucket.take()).toBe(false)
  })

  it('refills at `perSecond`: one token every 1000 / perSecond ms, not before', () => {
    const clock = manualClock()
    const bucket = new TokenBucket(5, 20, clock.read)
    drain(bucket)
    clock.advance(199)
    expect(bucket.take()).toBe(false)
    clock.advance(1)
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    clock.advance(1000)
    expect(drain(bucket)).toBe(5)
  })

  it('keeps fractions of a token between takes: refused takes do not lose time', () => {
    const clock = manualClock()
    const bucket = new TokenBucket(10, 1, clock.read)
    expect(bucket.take()).toBe(true)
    // Takes 25 ms apart (a quarter token each): refused until 100 ms have passed in all.
    const answers = Array.from({ length: 8 }, () => {
      clock.advance(25)
      return bucket.take()
    })
    expect(answers).toEqual([false, false, false, true, false, false, false, true])
  })

  it('caps the refill at `burst`, however long the bucket was idle', () => {
    const clock = manualClock()
    const bucket = new TokenBucket(5, 20, clock.read)
    drain(bucket)
    clock.advance(3_600_000)
    expect(drain(bucket)).toBe(20)
    clock.advance(1_000)
    expect(drain(bucket)).toBe(5)
  })

  it('sustains exactly `perSecond` per second under constant demand', () => {
    const clock = manualClock()
    const bucket = new TokenBucket(5, 20, clock.read)
    drain(bucket)
    let taken = 0
    for (let ms = 0; ms < 10_000; ms++) {
      clock.advance(1)
      if (bucket.take()) taken++
    }
    expect(taken).toBe(50)
  })

  it('reads the clock only when asked', () => {
    let reads = 0
    const bucket = new TokenBucket(5, 20, () => {
      reads++
      return 0
    })
    expect(reads).toBe(1)
    bucket.take()
    expect(reads).toBe(2)
  })
})
