import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createIdleTracker, type IdleTracker } from './idle-tracker.js'

let changes: boolean[]
let tracker: IdleTracker

beforeEach(() => {
  vi.useFakeTimers()
  changes = []
  tracker = createIdleTracker((idle) => changes.push(idle))
})

afterEach(() => {
  tracker.stop()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const input = (type = 'pointermove') => dispatchEvent(new Event(type))

describe('createIdleTracker', () => {
  test('turns idle once the threshold passes without input, not a millisecond before', () => {
    tracker.start(1000)
    vi.advanceTimersByTime(999)
    expect([tracker.idle, changes]).toEqual([false, []])
    vi.advanceTimersByTime(1)
    expect([tracker.idle, changes]).toEqual([true, [true]])
    vi.advanceTimersByTime(60_000)
    expect(changes, 'reported once').toEqual([true])
  })

  test('every kind of input postpones it: the threshold counts from the last input', () => {
    tracker.start(1000)
    for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'touchstart']) {
      vi.advanceTimersByTime(600)
      input(type)
    }
    vi.advanceTimersByTime(999)
    expect(changes).toEqual([])
    vi.advanceTimersByTime(1)
    expect(changes).toEqual([true])
  })

  test('sees input whose propagation the page stops, and scroll of any element (capture)', () => {
    const box = document.createElement('div')
    document.body.append(box)
    box.addEventListener('keydown', (event) => event.stopPropagation())
    tracker.start(1000)
    vi.advanceTimersByTime(600)
    box.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }))
    vi.advanceTimersByTime(600)
    box.dispatchEvent(new Event('scroll')) // scroll does not bubble
    vi.advanceTimersByTime(999)
    expect(changes).toEqual([])
    box.remove()
  })

  test('the first input after idle reports not idle at once, and the count starts again', () => {
    tracker.start(1000)
    vi.advanceTimersByTime(5000)
    input('keydown')
    expect([tracker.idle, changes]).toEqual([false, [true, false]])
    input('keydown')
    expect(changes, 'only a change is reported').toEqual([true, false])
    vi.advanceTimersByTime(1000)
    expect(changes).toEqual([true, false, true])
  })

  test('input only records a time: a storm of pointermoves arms no timers', () => {
    tracker.start(1000)
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    for (let i = 0; i < 500; i++) input()
    expect(setTimeoutSpy).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(1)
  })

  test('listens passively, in the capture phase', () => {
    const add = vi.spyOn(window, 'addEventListener')
    tracker.start(1000)
    expect(add.mock.calls.map(([type, , options]) => [type, options])).toEqual(
      ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'touchstart'].map((type) => [type, { capture: true, passive: true }]),
    )
  })

  test('stop removes its listeners and timer and clears idle, without reporting', () => {
    tracker.start(1000)
    vi.advanceTimersByTime(1000)
    tracker.stop()
    expect(tracker.idle).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
    input()
    vi.advanceTimersByTime(5000)
    expect(changes).toEqual([true])
  })

  test('start again counts from then, with the new threshold', () => {
    tracker.start(1000)
    vi.advanceTimersByTime(900)
    tracker.start(300)
    vi.advanceTimersByTime(299)
    expect(changes).toEqual([])
    vi.advanceTimersByTime(1)
    expect(changes).toEqual([true])
    expect(vi.getTimerCount()).toBe(0)
  })
})
