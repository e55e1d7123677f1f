import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultJobOptions, type JobOptions } from '../config/options.js'
import { Store } from '../store/store.js'
import { JobScheduler, type Job } from './job-scheduler.js'

const log = { warn: vi.fn(), error: vi.fn() }

let dataDir: string
let store: Store
let scheduler: JobScheduler | undefined
let runs: Job[]

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'porchlight-scheduler-'))
  store = await Store.open(dataDir)
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 })
  runs = []
})

afterEach(async () => {
  vi.useRealTimers()
  await scheduler?.stop()
  scheduler = undefined
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function start(options: Partial<JobOptions>, handler: (job: Job) => Promise<void> = async () => {}): JobScheduler {
  scheduler = new JobScheduler(store.jobs, { ...defaultJobOptions, ...options, clock: Date.now, log })
  scheduler.handle('test', async (job) => {
    runs.push(job)
    await handler(job)
  })
  scheduler.start()
  return scheduler
}

describe('JobScheduler timing', () => {
  it('sleeps until the earliest due time in the store, not a whole poll interval', async () => {
    await store.jobs.schedule({ kind: 'test', key: 'a', dueAt: Date.now() + 10_000, payload: null }, Date.now())
    start({ pollInterval: 60_000 })
    await vi.advanceTimersByTimeAsync(9_999)
    expect(runs).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(runs.map(({ key }) => key)).toEqual(['a'])
  })

  it('finds a job another node scheduled within one poll interval', async () => {
    start({ pollInterval: 5_000 })
    await vi.advanceTimersByTimeAsync(1)
    // Straight into the store, as another node would: nothing wakes this scheduler.
    await store.jobs.schedule({ kind: 'test', key: 'a', dueAt: Date.now(), payload: null }, Date.now())
    await vi.advanceTimersByTimeAsync(4_998)
    expect(runs).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(runs.map(({ key }) => key)).toEqual(['a'])
  })

  it('wakes up for a job scheduled sooner than it meant to sleep', async () => {
    const jobs = start({ pollInterval: 60_000 })
    await vi.advanceTimersByTimeAsync(1)
    await jobs.schedule('test', 'a', Date.now() + 1_000)
    await vi.advanceTimersByTimeAsync(999)
    expect(runs).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(runs.map(({ key }) => key)).toEqual(['a'])
  })

  it('times out a run that hangs, aborts its signal, and retries it after a back-off within the bounds', async () => {
    const jobs = start({ timeout: 5_000, retryBase: 2_000, retryCap: 2_000 }, (job) =>
      job.attempt === 1 ? new Promise(() => {}) : Promise.resolve(),
    )
    await jobs.schedule('test', 'a', Date.now())
    await vi.advanceTimersByTimeAsync(0)
    expect(runs).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(4_999)
    expect(runs[0]!.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(runs[0]!.signal.aborted).toBe(true)
    expect(runs).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(runs.map(({ attempt }) => attempt)).toEqual([1, 2])
  })

  it('runs at most `concurrency` jobs at once, and the next as soon as one ends', async () => {
    const ends = new Map<string, () => void>()
    const jobs = start({ concurrency: 2 }, (job) => new Promise<void>((resolve) => ends.set(job.key, resolve)))
    for (const key of ['a', 'b', 'c']) await jobs.schedule('test', key, Date.now())
    await vi.advanceTimersByTimeAsync(0)
    expect(runs.map(({ key }) => key).sort()).toEqual(['a', 'b'])
    ends.get('a')!()
    await vi.advanceTimersByTimeAsync(0)
    expect(runs.map(({ key }) => key).sort()).toEqual(['a', 'b', 'c'])
    for (const end of ends.values()) end()
  })

  it('gives each kind its own slots: a kind whose runs hang cannot delay another kind due after its backlog', async () => {
    const held: Array<() => void> = []
    const hung: Job[] = []
    scheduler = new JobScheduler(store.jobs, { ...defaultJobOptions, concurrency: 4, clock: Date.now, log })
    scheduler.handle(
      'hangs',
      (job) => {
        hung.push(job)
        return new Promise<void>((resolve) => held.push(resolve))
      },
      { concurrency: 2 },
    )
    scheduler.handle('test', async (job) => void runs.push(job))
    scheduler.start()
    for (let index = 0; index < 10; index++) await scheduler.schedule('hangs', `h${index}`, Date.now() - 1_000 + index)
    await scheduler.schedule('test', 'a', Date.now())
    await vi.advanceTimersByTimeAsync(0)
    expect(runs.map(({ key }) => key)).toEqual(['a'])
    // The hanging kind holds its own two slots, not the four of the option nor the other kind's.
    expect(hung.map(({ key }) => key)).toEqual(['h0', 'h1'])
    await scheduler.schedule('test', 'b', Date.now())
    await vi.advanceTimersByTimeAsync(0)
    expect(runs.map(({ key }) => key)).toEqual(['a', 'b'])
    expect(hung).toHaveLength(2)
    for (const release of held.splice(0)) release()
    await vi.advanceTimersByTimeAsync(0)
    expect(hung.map(({ key }) => key)).toEqual(['h0', 'h1', 'h2', 'h3'])
    for (let index = 4; index < 10; index++) await scheduler.cancel('hangs', `h${index}`)
    for (const release of held.splice(0)) release()
  })

  it('records a job of a kind nobody handles as failed: at once when scheduled here, within a poll interval when another node did', async () => {
    const jobs = start({ pollInterval: 5_000 })
    await vi.advanceTimersByTimeAsync(1)
    await jobs.schedule('unknown', 'here', Date.now())
    await vi.advanceTimersByTimeAsync(0)
    expect((await jobs.failures()).map(({ key }) => key)).toEqual(['here'])
    // Straight into the store, as another node would: found by the next look, a poll interval after the last.
    await store.jobs.schedule({ kind: 'unknown', key: 'elsewhere', dueAt: Date.now(), payload: null }, Date.now())
    await vi.advanceTimersByTimeAsync(4_999)
    expect((await jobs.failures()).map(({ key }) => key)).toEqual(['here'])
    await vi.advanceTimersByTimeAsync(1)
    expect((await jobs.failures()).map(({ key }) => key)).toEqual(['elsewhere', 'here'])
  })

  it('refuses a concurrency that is not a positive integer', () => {
    scheduler = new JobScheduler(store.jobs, { ...defaultJobOptions, clock: Date.now, log })
    expect(() => scheduler!.handle('test', async () => {}, { concurrency: 0 })).toThrow(RangeError)
  })

  it('survives a handler that throws before returning a promise', async () => {
    const jobs = start({ retryBase: 1_000, retryCap: 1_000 }, (job) => {
      if (job.attempt === 1) throw new Error('synchronous')
      return Promise.resolve()
    })
    await jobs.schedule('test', 'a', Date.now())
    await vi.advanceTimersByTimeAsync(1_000)
    expect(runs.map(({ attempt }) => attempt)).toEqual([1, 2])
  })

  it('stops claiming at stop(), and waits for the run in progress until it times out', async () => {
    const jobs = start({ timeout: 5_000 }, () => new Promise(() => {}))
    await jobs.schedule('test', 'a', Date.now())
    await vi.advanceTimersByTimeAsync(0)
    let stopped = false
    const stopping = jobs.stop().then(() => (stopped = true))
    await jobs.schedule('test', 'b', Date.now())
    await vi.advanceTimersByTimeAsync(4_999)
    expect(stopped).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await stopping
    expect(runs.map(({ key }) => key)).toEqual(['a'])
  })
})
