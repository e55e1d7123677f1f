import Fastify from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultJobOptions, resolveOptions, type JobOptions } from '../src/config/options.js'
import { JobScheduler, type Job } from '../src/jobs/job-scheduler.js'
import { PermanentJobError } from '../src/jobs/permanent-job-error.js'
import { Services } from '../src/services.js'
import { Store } from '../src/store/store.js'
import { temporaryDirectories } from './support/temp-dirs.js'

const newDataDir = temporaryDirectories('porchlight-jobs-')
const quiet = { warn: () => {}, error: () => {} }
/** Short enough that a test never waits long for a retry; the lease is left long unless a test needs it. */
const testJobOptions: JobOptions = { ...defaultJobOptions, pollInterval: 1_000, retryBase: 20, retryCap: 40 }

const opened: Array<{ store: Store; jobs: JobScheduler }> = []
afterEach(async () => {
  for (const { store, jobs } of opened.splice(0).reverse()) {
    await jobs.stop()
    await store.close()
  }
})

/** A server node as far as jobs go: its own connection to the database and its own scheduler. */
async function openNode(dataDir: string, options: Partial<JobOptions> = {}) {
  const store = await Store.open(dataDir)
  const jobs = new JobScheduler(store.jobs, { ...testJobOptions, concurrency: 1, ...options, clock: Date.now, log: quiet })
  opened.push({ store, jobs })
  return { store, jobs }
}

/** Every run of every job, and a way to wait for the next one that matches. */
class Runs {
  readonly all: Job[] = []
  readonly #waiters: Array<{ match: (job: Job) => boolean; resolve: (job: Job) => void }> = []

  record(job: Job): void {
    this.all.push(job)
    for (const waiter of this.#waiters.filter(({ match }) => match(job))) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
      waiter.resolve(job)
    }
  }

  next(match: (job: Job) => boolean): Promise<Job> {
    return new Promise((resolve) => this.#waiters.push({ match, resolve }))
  }

  of(key: string): Job[] {
    return this.all.filter((job) => job.key === key)
  }
}

/**
 * A job due after the others that must be done by then: with one job at a time, once it has run every
 * earlier job has run and its outcome is recorded.
 */
async function barrier(jobs: JobScheduler, runs: Runs, dueAt = Date.now()): Promise<void> {
  const ran = runs.next((job) => job.key === 'barrier')
  await jobs.schedule('test', 'barrier', dueAt)
  await ran
}

/** A started node whose handler holds each run of a job with the payload 'hold' until `release()`. */
async function nodeThatHolds(options: Partial<JobOptions> = {}) {
  const node = await openNode(newDataDir(), options)
  const runs = new Runs()
  let releaseRun = () => {}
  node.jobs.handle('test', async (job) => {
    runs.record(job)
    if (job.payload === 'hold') await new Promise<void>((resolve) => (releaseRun = resolve))
  })
  node.jobs.start()
  /** Schedules a held job and resolves once it runs. */
  const hold = async (key: string, dueAt: number) => {
    const running = runs.next((job) => job.key === key && job.payload === 'hold')
    await node.jobs.schedule('test', key, dueAt, 'hold')
    await running
  }
  return { ...node, runs, hold, release: () => releaseRun() }
}

describe('durable jobs', () => {
  it('runs a scheduled job once, at its due time, with its payload', async () => {
    const { jobs, store } = await openNode(newDataDir())
    const runs = new Runs()
    jobs.handle('test', async (job) => runs.record(job))
    jobs.start()
    const dueAt = Date.now() + 50
    const ran = runs.next((job) => job.key === 'a')
    await jobs.schedule('test', 'a', dueAt, { to: 'someone' })
    const job = await ran
    expect(Date.now()).toBeGreaterThanOrEqual(dueAt)
    expect(job).toMatchObject({ kind: 'test', key: 'a', payload: { to: 'someone' }, attempt: 1, dueAt })
    await barrier(jobs, runs, dueAt + 1)
    expect(runs.of('a')).toHaveLength(1)
    await jobs.stop()
    expect(await store.jobs.nextRunAt()).toBeUndefined()
  })

  it('replaces a pending job of the same kind and key: the newer due time and payload win', async () => {
    const { jobs } = await openNode(newDataDir())
    const runs = new Runs()
    jobs.handle('test', async (job) => runs.record(job))
    const now = Date.now()
    await jobs.schedule('test', 'later', now + 60_000, 'first')
    await jobs.schedule('test', 'later', now, 'second')
    await jobs.schedule('test', 'sooner', now, 'first')
    await jobs.schedule('test', 'sooner', now + 60_000, 'second')
    jobs.start()
    expect(await runs.next((job) => job.key === 'later')).toMatchObject({ payload: 'second', dueAt: now })
    await barrier(jobs, runs, now + 1)
    expect(runs.of('later')).toHaveLength(1)
    // The one moved to later has not run: it waits for its new due time.
    expect(runs.of('sooner')).toHaveLength(0)
  })

  it('refuses a payload over 64 KiB of JSON, storing nothing', async () => {
    const { jobs, store } = await openNode(newDataDir())
    await expect(jobs.schedule('test', 'a', Date.now(), 'x'.repeat(64 * 1024))).rejects.toThrow(RangeError)
    expect(await store.jobs.nextRunAt()).toBeUndefined()
  })

  it('cancels a pending job', async () => {
    const { jobs } = await openNode(newDataDir())
    const runs = new Runs()
    jobs.handle('test', async (job) => runs.record(job))
    const now = Date.now()
    await jobs.schedule('test', 'a', now)
    expect(await jobs.cancel('test', 'a')).toBe(true)
    expect(await jobs.cancel('test', 'a')).toBe(false)
    jobs.start()
    await barrier(jobs, runs, now + 1)
    expect(runs.of('a')).toHaveLength(0)
  })

  it('retries a job that threw, with the same due time, until it succeeds', async () => {
    const { jobs, store } = await openNode(newDataDir())
    const runs = new Runs()
    jobs.handle('test', async (job) => {
      runs.record(job)
      if (job.attempt < 3) throw new Error(`refused ${job.attempt}`)
    })
    jobs.start()
    const dueAt = Date.now()
    const third = runs.next((job) => job.attempt === 3)
    await jobs.schedule('test', 'a', dueAt)
    await third
    await barrier(jobs, runs, dueAt + 1)
    expect(runs.of('a').map(({ attempt, dueAt }) => ({ attempt, dueAt }))).toEqual([1, 2, 3].map((attempt) => ({ attempt, dueAt })))
    expect(await store.jobs.failures()).toEqual([])
  })

  it('records permanent failures, newest first, and they do not block the same key', async () => {
    const { jobs } = await openNode(newDataDir(), { maxAttempts: 2 })
    const runs = new Runs()
    jobs.handle('test', async (job) => {
      runs.record(job)
      if (job.key.startsWith('conversation-1:')) throw new PermanentJobError('no address')
      if (job.key.startsWith('conversation-2:')) throw new Error(`smtp down (${job.attempt})`)
    })
    jobs.start()
    const now = Date.now()
    await jobs.schedule('test', 'conversation-1:a', now, { n: 1 })
    await barrier(jobs, runs, now + 1)
    const exhausted = runs.next((job) => job.key === 'conversation-2:a' && job.attempt === 2)
    await jobs.schedule('test', 'conversation-2:a', now + 2, { n: 2 })
    await exhausted
    await jobs.schedule('nobody-handles-this', 'conversation-1:b', now + 3)
    await barrier(jobs, runs, now + 4)

    expect(runs.of('conversation-1:a')).toHaveLength(1)
    expect(runs.of('conversation-2:a')).toHaveLength(2)
    const failures = await jobs.failures()
    expect(failures).toMatchObject([
      { kind: 'nobody-handles-this', key: 'conversation-1:b', attempts: 1, lastError: expect.stringContaining('no handler') },
      { kind: 'test', key: 'conversation-2:a', payload: { n: 2 }, attempts: 2, lastError: 'smtp down (2)' },
      { kind: 'test', key: 'conversation-1:a', payload: { n: 1 }, attempts: 1, lastError: 'no address', dueAt: now },
    ])
    expect(failures[0]!.failedAt).toBeGreaterThanOrEqual(failures[1]!.failedAt)
    expect((await jobs.failures({ keyPrefix: 'conversation-1:' })).map(({ key }) => key)).toEqual(['conversation-1:b', 'conversation-1:a'])
    expect((await jobs.failures({ kind: 'test', limit: 1 })).map(({ key }) => key)).toEqual(['conversation-2:a'])
    expect(await jobs.failures({ keyPrefix: '%' })).toEqual([])

    const again = runs.next((job) => job.key === 'conversation-2:a')
    await jobs.schedule('test', 'conversation-2:a', now + 5, { n: 3 })
    expect(await again).toMatchObject({ attempt: 1, payload: { n: 3 } })
  })

  it('keeps a job rescheduled while it runs pending for its new time', async () => {
    const { jobs, store, runs, hold, release } = await nodeThatHolds()
    const now = Date.now()
    await hold('a', now)
    await jobs.schedule('test', 'a', now + 60_000, 'later')
    const ranAgain = runs.next((job) => job.key === 'b')
    await jobs.schedule('test', 'b', now, 'hold')
    release()
    await ranAgain
    // The first run ended after the reschedule: the job is still there, due at its new time.
    expect(await store.jobs.nextRunAt()).toBe(now + 60_000)
    const rerun = runs.next((job) => job.key === 'b' && job.payload === 'again')
    await jobs.schedule('test', 'b', now + 1, 'again')
    release()
    expect(await rerun).toMatchObject({ attempt: 1 })
    expect(runs.of('a')).toHaveLength(1)
  })

  it('never runs a job twice at once, even when it is rescheduled to now while it runs', async () => {
    const { jobs, runs, hold, release } = await nodeThatHolds({ concurrency: 2 })
    const now = Date.now()
    await hold('a', now)
    await jobs.schedule('test', 'a', now, 'again')
    // The other slot is free: it runs the barrier, and would have run the rescheduled job too.
    await barrier(jobs, runs, now + 1)
    expect(runs.of('a')).toHaveLength(1)
    const again = runs.next((job) => job.payload === 'again')
    release()
    expect(await again).toMatchObject({ key: 'a', attempt: 1 })
  })

  it('runs a job again once the lease of a node that died holding it runs out', async () => {
    const dataDir = newDataDir()
    const { jobs, store } = await openNode(dataDir)
    const now = Date.now()
    await jobs.schedule('test', 'a', now, 'payload')
    // A node that claimed it with a short lease and then died.
    expect(await store.jobs.claim('dead-node/1', now, now + 300, 10)).toHaveLength(1)
    const runs = new Runs()
    jobs.handle('test', async (job) => runs.record(job))
    jobs.start()
    const job = await runs.next((job) => job.key === 'a')
    expect(Date.now()).toBeGreaterThanOrEqual(now + 300)
    expect(job).toMatchObject({ attempt: 2, dueAt: now, payload: 'payload' })
  })

  it('records a job as failed when its last attempt never ended (a job that kills its node is not retried forever)', async () => {
    const { jobs, store } = await openNode(newDataDir(), { maxAttempts: 1 })
    const now = Date.now()
    await jobs.schedule('test', 'poison', now)
    expect(await store.jobs.claim('dead-node/1', now, now, 10)).toHaveLength(1)
    const runs = new Runs()
    jobs.handle('test', async (job) => runs.record(job))
    jobs.start()
    await barrier(jobs, runs, now + 1)
    expect(runs.of('poison')).toEqual([])
    expect(await jobs.failures()).toMatchObject([{ key: 'poison', attempts: 2, lastError: expect.stringContaining('lease ran out') }])
  })

  it('runs every job exactly once across two nodes sharing the database', async () => {
    const dataDir = newDataDir()
    const count = 300
    const runsByNode: Array<Map<string, number>> = []
    let allRan: () => void = () => {}
    const done = new Promise<void>((resolve) => (allRan = resolve))
    let total = 0
    const nodes = []
    for (let node = 0; node < 2; node++) {
      const { jobs } = await openNode(dataDir, { concurrency: 4 })
      const runs = new Map<string, number>()
      runsByNode.push(runs)
      jobs.handle('test', async ({ key }) => {
        runs.set(key, (runs.get(key) ?? 0) + 1)
        // A turn of the event loop, so that each node holds several jobs at once.
        await new Promise((resolve) => setImmediate(resolve))
        if (++total === count) allRan()
      })
      nodes.push(jobs)
    }
    const now = Date.now()
    for (let index = 0; index < count; index++) await nodes[index % 2]!.schedule('test', `job-${index}`, now + (index % 7))
    for (const jobs of nodes) jobs.start()
    await done
    // No job is left to run twice: both nodes stopped with every row gone.
    for (const jobs of nodes) await jobs.stop()
    const { store } = opened[0]!
    expect(await store.jobs.nextRunAt()).toBeUndefined()
    const merged = new Map<string, number>()
    for (const runs of runsByNode) for (const [key, n] of runs) merged.set(key, (merged.get(key) ?? 0) + n)
    expect(merged.size).toBe(count)
    expect([...merged.values()].every((n) => n === 1)).toBe(true)
    expect(runsByNode.every((runs) => runs.size > 0)).toBe(true)
  })

  it('starts with the server, after the features registered, and stops with it', async () => {
    const options = resolveOptions({ dataDir: newDataDir(), jobs: { pollInterval: 1_000 } })
    const services = await Services.start(options, Fastify({ logger: false }).log)
    try {
      await services.jobs.schedule('unhandled', 'a', Date.now())
      await expect.poll(() => services.jobs.failures(), { interval: 20 }).toHaveLength(1)
      expect(() => services.jobs.handle('late', async () => {})).toThrow(/before the scheduler starts/)
    } finally {
      await services.stop()
    }
  })
})
