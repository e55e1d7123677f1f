import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TypingPacer } from './typing-pacer.js'

describe('TypingPacer', () => {
  it('lets one frame a second through per key, and drops the ones in between', () => {
    let now = 0
    const pacer = new TypingPacer(1_000, () => now)
    expect(pacer.admit('c1', true)).toBe(true)
    now = 999
    expect(pacer.admit('c1', true)).toBe(false)
    expect(pacer.admit('c2', true)).toBe(true) // another conversation has its own pace
    now = 1_000
    expect(pacer.admit('c1', true)).toBe(true)
    // A dropped frame does not count: the next second starts from the last one that went on.
    now = 1_500
    expect(pacer.admit('c1', true)).toBe(false)
    now = 2_000
    expect(pacer.admit('c1', true)).toBe(true)
  })

  it('lets a stop through right after a start, and a start right after a stop, but not a repeat within the second', () => {
    let now = 0
    const pacer = new TypingPacer(1_000, () => now)
    expect(pacer.admit('c1', true)).toBe(true)
    now = 100
    expect(pacer.admit('c1', false)).toBe(true)
    now = 200
    expect(pacer.admit('c1', false)).toBe(false)
    // Typing again after clearing the text: the indicator comes back at once.
    expect(pacer.admit('c1', true)).toBe(true)
    now = 300
    expect(pacer.admit('c1', true)).toBe(false)
    expect(pacer.admit('c1', false)).toBe(true)
    // Four changes in the second: a fifth waits until the first of them is a second old.
    now = 400
    expect(pacer.admit('c1', true)).toBe(false)
    now = 1_000
    expect(pacer.admit('c1', true)).toBe(true)
  })

  it('never lets more than four frames a second through for a key, and lets every change through below that', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.boolean()), { maxLength: 200 }), (frames) => {
        let now = 0
        const pacer = new TypingPacer(1_000, () => now)
        const passed: Array<{ at: number; active: boolean }> = []
        for (const [gap, active] of frames) {
          now += gap
          const recent = passed.filter(({ at }) => now - at < 1_000).length
          const changes = passed.length === 0 || passed.at(-1)!.active !== active
          const admitted = pacer.admit('c1', active)
          if (changes && recent < 4) expect(admitted).toBe(true)
          if (!changes && now - passed.at(-1)!.at < 1_000) expect(admitted).toBe(false)
          if (admitted) passed.push({ at: now, active })
        }
        passed.forEach(({ at }, index) => expect(passed[index + 4] === undefined || passed[index + 4]!.at - at >= 1_000).toBe(true))
      }),
    )
  })

  it('remembers a bounded number of keys, forgetting the oldest', () => {
    const pacer = new TypingPacer(1_000, () => 0, 2)
    expect(pacer.admit('a', true)).toBe(true)
    expect(pacer.admit('b', true)).toBe(true)
    expect(pacer.admit('c', true)).toBe(true)
    expect(pacer.admit('b', true)).toBe(false)
    expect(pacer.admit('a', true)).toBe(true)
  })
})
