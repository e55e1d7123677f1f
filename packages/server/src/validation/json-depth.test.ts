import { describe, expect, it } from 'vitest'
import { exceedsJsonDepth } from './json-depth.js'

describe('exceedsJsonDepth', () => {
  it('counts nested objects and arrays', () => {
    expect(exceedsJsonDepth('{"a":[1,{"b":2}]}', 3)).toBe(false)
    expect(exceedsJsonDepth('{"a":[1,{"b":2}]}', 2)).toBe(true)
    expect(exceedsJsonDepth('[][][]', 1)).toBe(false)
    expect(exceedsJsonDepth('42', 0)).toBe(false)
  })

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth('{"a":"[[[[{{{{"}', 1)).toBe(false)
    expect(exceedsJsonDepth('{"a":"\\"[[[["}', 1)).toBe(false)
    expect(exceedsJsonDepth('{"a":"\\\\","b":[[1]]}', 2)).toBe(true)
  })

  it('bounds any text, valid JSON or not', () => {
    expect(exceedsJsonDepth('['.repeat(1_000_000), 16)).toBe(true)
    expect(exceedsJsonDepth(']]]]{', 1)).toBe(false)
  })
})
