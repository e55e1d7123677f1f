import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { watchSilence } from './silence-watchdog.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('watchSilence', () => {
  it('calls onSilent once, two and a half intervals after the last frame', () => {
    const onSilent = vi.fn()
    const watchdog = watchSilence(1000, onSilent)
    vi.advanceTimersByTime(1000)
    watchdog.heard()
    vi.advanceTimersByTime(2499)
    expect(onSilent).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onSilent).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(10_000)
    expect(onSilent).toHaveBeenCalledTimes(1)
  })

  it('never fires while frames keep coming, however many', () => {
    const onSilent = vi.fn()
    const watchdog = watchSilence(1000, onSilent)
    for (let round = 0; round < 100; round++) {
      vi.advanceTimersByTime(1000)
      watchdog.heard()
    }
    expect(onSilent).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(1)
  })

  it('waits out the rest when a frame came while its timer ran, as a late timer does', () => {
    const onSilent = vi.fn()
    const watchdog = watchSilence(1000, onSilent)
    vi.advanceTimersByTime(2000)
    watchdog.heard()
    vi.advanceTimersByTime(500) // the timer set at the start fires now, 500 ms after the frame
    expect(onSilent).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1999)
    expect(onSilent).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onSilent).toHaveBeenCalledTimes(1)
  })

  it('judges nothing until it knows the interval, then by the interval the server told', () => {
    const onSilent = vi.fn()
    const watchdog = watchSilence(undefined, onSilent)
    vi.advanceTimersByTime(60_000)
    expect(onSilent).not.toHaveBeenCalled()
    watchdog.heard()
    watchdog.heartbeat(200)
    vi.advanceTimersByTime(499)
    expect(onSilent).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onSilent).toHaveBeenCalledTimes(1)
  })

  it('moves to a new interval counting the silence so far', () => {
    const onSilent = vi.fn()
    const watchdog = watchSilence(10_000, onSilent)
    vi.advanceTimersByTime(400)
    watchdog.heartbeat(200) // 400 ms of the 500 allowed have passed
    vi.advanceTimersByTime(99)
    expect(onSilent).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onSilent).toHaveBeenCalledTimes(1)
  })

  it('judges nothing once stopped', () => {
    const onSilent = vi.fn()
    const watchdog = watchSilence(1000, onSilent)
    watchdog.stop()
    watchdog.heartbeat(100)
    vi.advanceTimersByTime(60_000)
    expect(onSilent).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })
})
