import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { paceTyping } from './pace-typing.js'

let sent: boolean[]
let connected: boolean
let typing: (active: boolean) => void

beforeEach(() => {
  vi.useFakeTimers()
  sent = []
  connected = true
  typing = paceTyping((active) => connected && sent.push(active) > 0)
})
afterEach(() => vi.useRealTimers())

describe('paceTyping', () => {
  test('sends a start at once, then at most one every 2 s while the person types', () => {
    typing(true)
    vi.advanceTimersByTime(1_999)
    typing(true)
    expect(sent).toEqual([true])
    vi.advanceTimersByTime(1)
    typing(true)
    typing(true)
    expect(sent).toEqual([true, true])
  })

  test('sends one stop after a start, at once, and a new start right after it', () => {
    typing(false)
    expect(sent).toEqual([])
    typing(true)
    vi.advanceTimersByTime(100)
    typing(false)
    typing(false)
    typing(true)
    expect(sent).toEqual([true, false, true])
  })

  test('tries again when a frame could not be sent', () => {
    connected = false
    typing(true)
    connected = true
    typing(true)
    expect(sent).toEqual([true])
    connected = false
    typing(false)
    connected = true
    typing(false)
    expect(sent).toEqual([true, false])
  })
})
