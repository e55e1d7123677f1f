import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createTypingIndicator, type TypingIndicator } from './typing-indicator.js'

let changes: Array<string | null>
let indicator: TypingIndicator

beforeEach(() => {
  vi.useFakeTimers()
  changes = []
  indicator = createTypingIndicator((name) => changes.push(name))
})
afterEach(() => vi.useRealTimers())

describe('createTypingIndicator', () => {
  test('clears 6 s after the last start, not a millisecond before', () => {
    indicator.set(true, 'Grace')
    vi.advanceTimersByTime(4_000)
    indicator.set(true, 'Grace')
    vi.advanceTimersByTime(5_999)
    expect(changes).toEqual(['Grace'])
    vi.advanceTimersByTime(1)
    expect(changes).toEqual(['Grace', null])
  })

  test('clears at once on a stop or a clear, and follows a new name', () => {
    indicator.set(true, 'Grace')
    indicator.set(false, 'Grace')
    indicator.set(true, 'Grace')
    indicator.set(true, 'Alan')
    indicator.clear()
    indicator.clear()
    vi.advanceTimersByTime(10_000)
    expect(changes).toEqual(['Grace', null, 'Grace', 'Alan', null])
  })
})
