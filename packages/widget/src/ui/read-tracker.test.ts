import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createReadTracker } from './read-tracker.js'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function track() {
  const reads: number[] = []
  return { reads, tracker: createReadTracker(700, (seq) => reads.push(seq)) }
}

describe('createReadTracker', () => {
  test('reports the highest message on screen after the dwell, once', () => {
    const { reads, tracker } = track()
    tracker.setActive(true)
    tracker.seen(1, true)
    tracker.seen(2, true)
    vi.advanceTimersByTime(699)
    expect(reads).toEqual([])
    vi.advanceTimersByTime(1)
    expect(reads).toEqual([2])
    vi.advanceTimersByTime(10_000)
    expect(reads).toEqual([2])
  })

  test('a message scrolled past before the dwell is not read; the wait starts again at every change', () => {
    const { reads, tracker } = track()
    tracker.setActive(true)
    tracker.seen(5, true)
    vi.advanceTimersByTime(500)
    tracker.seen(5, false)
    tracker.seen(3, true)
    vi.advanceTimersByTime(500)
    expect(reads).toEqual([])
    vi.advanceTimersByTime(200)
    expect(reads).toEqual([3])
  })

  test('a burst of changes (a replay, scrolling) ends in one report', () => {
    const { reads, tracker } = track()
    tracker.setActive(true)
    for (let seq = 1; seq <= 20; seq++) {
      tracker.seen(seq, true)
      vi.advanceTimersByTime(100)
    }
    vi.advanceTimersByTime(700)
    expect(reads).toEqual([20])
  })

  test('nothing is read while inactive (panel closed or tab hidden); it is once active again, after the dwell', () => {
    const { reads, tracker } = track()
    tracker.seen(4, true)
    vi.advanceTimersByTime(5_000)
    expect(reads).toEqual([])
    tracker.setActive(true)
    vi.advanceTimersByTime(400)
    tracker.setActive(false)
    vi.advanceTimersByTime(5_000)
    expect(reads).toEqual([])
    tracker.setActive(true)
    vi.advanceTimersByTime(700)
    expect(reads).toEqual([4])
  })

  test('repeated reports of the same state do not restart the wait; stop cancels it', () => {
    const { reads, tracker } = track()
    tracker.setActive(true)
    tracker.seen(1, true)
    vi.advanceTimersByTime(600)
    tracker.seen(1, true)
    tracker.setActive(true)
    vi.advanceTimersByTime(100)
    expect(reads).toEqual([1])
    tracker.seen(2, true)
    tracker.stop()
    vi.advanceTimersByTime(5_000)
    expect(reads).toEqual([1])
  })
})
