import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Heartbeat, type HeartbeatClock } from './heartbeat.js'

/**
 * A clock the test moves by hand: `advance` passes time with the timers firing as they would, `stall`
 * passes time with the process stopped (no timer fires until it ends), and the "pending I/O" step the
 * heartbeat waits for runs only when the test says the I/O has been read.
 */
function testClock() {
  let now = 0
  const afterIo: Array<() => void> = []
  const clock: HeartbeatClock = {
    now: () => now,
    afterPendingIo(callback) {
      afterIo.push(callback)
      return { cancel: () => afterIo.splice(afterIo.indexOf(callback), 1) }
    },
  }
  return {
    clock,
    /** Time passes normally: each timer fires, and the I/O after it is read at once. */
    advance(ms: number) {
      for (let step = 0; step < ms; step++) {
        now++
        vi.advanceTimersByTime(1)
        this.readIo()
      }
    },
    /** The process is stopped for `ms`: no timer fires; then the first one does, before any I/O is read. */
    stall(ms: number) {
      now += ms
      vi.advanceTimersByTime(ms)
    },
    readIo() {
      for (const callback of afterIo.splice(0)) callback()
    },
    get pendingIo() {
      return afterIo.length
    },
  }
}

/** A member that records when it beat, and answers like a socket would: before the next round. */
function member(name: string, log: Array<[string, number]>, clock: { clock: HeartbeatClock }) {
  return { beat: () => log.push([name, clock.clock.now()]) }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('Heartbeat', () => {
  it('beats every member once per interval, spread over slices of the interval', () => {
    const time = testClock()
    const heartbeat = new Heartbeat(100, time.clock) // 4 slices of 25 ms
    const beats: Array<[string, number]> = []
    for (const name of ['a', 'b', 'c', 'd', 'e']) heartbeat.add(member(name, beats, time))
    time.advance(400)
    heartbeat.stop()
    const times = (name: string) => beats.filter(([who]) => who === name).map(([, at]) => at)
    expect(times('a')).toEqual([25, 125, 225, 325])
    expect(times('b')).toEqual([50, 150, 250, 350])
    expect(times('e')).toEqual(times('a')) // the fifth member shares the first slice
    expect(new Set(beats.map(([, at]) => at)).size).toBe(16) // four slices a round, each at its own time
  })

  it('beats only once the I/O waiting when its timer fired has been read', () => {
    const time = testClock()
    const heartbeat = new Heartbeat(100, time.clock)
    let answered = false
    heartbeat.add({ beat: () => expect(answered).toBe(true) })
    time.stall(25) // the timer fires, the I/O (a pong) is not read yet
    expect(time.pendingIo).toBe(1)
    answered = true // the poll phase reads the pong
    time.readIo()
    heartbeat.stop()
  })

  it('after a stall, beats each slice at most once and resumes the rotation instead of catching up', () => {
    const time = testClock()
    const heartbeat = new Heartbeat(250, time.clock) // 10 slices of 25 ms
    const beats: Array<[string, number]> = []
    for (let index = 0; index < 10; index++) heartbeat.add(member(`m${index}`, beats, time))
    time.advance(250) // one normal round
    expect(beats).toHaveLength(10)

    time.stall(625) // 2.5 intervals, as a SIGSTOP would
    time.readIo()
    // One slice when the process wakes, not the 25 that were due: nobody beats twice in a row.
    expect(beats).toHaveLength(11)
    time.advance(500)
    heartbeat.stop()
    const byMember = new Map<string, number[]>()
    for (const [name, at] of beats) byMember.set(name, [...(byMember.get(name) ?? []), at])
    for (const times of byMember.values()) {
      // Every member beat again within an interval of the wake, and never sooner than an interval
      // after its last beat: its answer to the last ping has had the time it needs.
      expect(times[1]).toBeLessThanOrEqual(875 + 250)
      for (let index = 1; index < times.length; index++) expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(250)
    }
  })

  it('catches up a short delay, so that late timers do not stretch the interval', () => {
    const time = testClock()
    const heartbeat = new Heartbeat(250, time.clock)
    const beats: Array<[string, number]> = []
    for (let index = 0; index < 10; index++) heartbeat.add(member(`m${index}`, beats, time))
    time.advance(250)
    time.stall(100) // a GC pause: four slices late
    time.readIo()
    expect(beats.slice(10).map(([name]) => name)).toEqual(['m0', 'm1', 'm2', 'm3'])
    time.advance(150)
    heartbeat.stop()
    // The second round ends on time: ten more beats by 500 ms.
    expect(beats).toHaveLength(20)
  })

  it('stops beating a member that was deleted, and everything when stopped', () => {
    const time = testClock()
    const heartbeat = new Heartbeat(100, time.clock)
    const beats: Array<[string, number]> = []
    const gone = member('gone', beats, time)
    heartbeat.add(gone)
    heartbeat.add(member('kept', beats, time))
    heartbeat.delete(gone)
    time.advance(100)
    expect(beats.map(([name]) => name)).toEqual(['kept'])
    time.stall(25) // a beat is due and waits for I/O...
    heartbeat.stop() // ...when the heartbeat stops: it never comes
    time.readIo()
    time.advance(200)
    expect(beats).toHaveLength(1)
  })
})
