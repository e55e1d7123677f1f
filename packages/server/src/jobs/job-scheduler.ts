import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { FastifyBaseLogger } from 'fastify'
import type { JobOptions } from '../config/options.js'
import type { ClaimedJob, FailedJob, FailureFilter, JobKinds, JobRepository } from '../store/job-repository.js'
import { PermanentJobError } from './permanent-job-error.js'
import { retryDelay } from './retry-delay.js'

/** One run of a job, as its handler gets it. */
export interface Job {
  kind: string
  key: string
  payload: unknown
  /** 1 for the first run since the job was (re)scheduled. */
  attempt: number
  /**
   * The time it was scheduled for. The same on every retry and changed by every reschedule, so
   * `kind:key:dueAt` is a key for the run's side effects (an email's Message-ID, a webhook's delivery id).
   */
  dueAt: number
  /** Aborted when the run times out: pass it to `fetch`, timers and the like. */
  signal: AbortSignal
}

/**
 * Runs one kind of job. Resolving means done (the job is deleted); throwing a {@link PermanentJobError}
 * records it as failed at once; any other throw (or a timeout) retries it with back-off, until
 * `maxAttempts` runs have failed.
 */
export type JobHandler = (job: Job) => Promise<void>

/** How one kind of job is run. */
export interface JobKindOptions {
  /** How many jobs of this kind one server runs at once; the `concurrency` option by default. */
  concurrency?: number
}

/** What the scheduler needs besides the store. */
export interface JobSchedulerOptions extends JobOptions {
  clock: () => number
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** The slots of one kind of job (or of the kinds nobody handles here): how many, how many are taken. */
interface Slots {
  kinds: JobKinds
  concurrency: number
  running: number
}

/**
 * The one durable job mechanism: work due later (a follow-up email, a webhook delivery) is a row in the
 * store, and every server node runs a scheduler that claims due rows with a lease and runs them.
 *
 * Delivery is at least once: a job runs once per claim, a claim ends by deleting the job (done), setting
 * its next attempt (retry) or marking it failed, and a node that dies mid-run leaves its lease to run
 * out, after which the job is claimed again. A handler whose side effect must not happen twice keys it
 * by `kind:key:dueAt`.
 *
 * Each kind of job has its own slots (`concurrency` runs at once) and is claimed on its own, in due
 * order: a kind whose runs hang or pile up (an endpoint that never answers) holds only its own slots,
 * and another kind's due job runs on time.
 *
 * The scheduler sleeps until the earliest run time in the store (of the kinds with a free slot) or the
 * poll interval, whichever comes first; a `schedule()` for sooner wakes it early, and so does the end of
 * a run. Nothing rests on that wake-up: a job another node scheduled is found by the next look at the
 * store.
 *
 * @example
 * ```ts
 * const jobs = new JobScheduler(store.jobs, { ...defaultJobOptions, clock: Date.now, log })
 * jobs.handle('followup.send', async ({ key, payload, signal }) => sendFollowup(key, payload, signal))
 * jobs.start()
 * await jobs.schedule('followup.send', conversationId, Date.now() + 5 * 60_000, { seq: 12 })
 * ```
 */
export class JobScheduler {
  /** This node's id: part of every lease it holds, so that it shows who holds a job. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  readonly #jobs: JobRepository
  readonly #options: JobOptions
  readonly #clock: () => number
  readonly #log: Pick<FastifyBaseLogger, 'warn' | 'error'>
  readonly #handlers = new Map<string, JobHandler>()
  readonly #slots = new Map<string, Slots>()
  /** The kinds nobody registered: one at a time, each recorded as failed. */
  readonly #unhandled: Slots = { kinds: { kinds: [], allBut: [] }, concurrency: 1, running: 0 }
  /**
   * When to look for them next: once per poll interval, or when this node schedules one. Not at every
   * turn, since `kind NOT IN (...)` reads past every due job of the kinds whose slots are full.
   */
  #sweepAt = -Infinity
  readonly #running = new Set<Promise<void>>()
  #claims = 0
  #loop: Promise<void> | undefined
  #stopped = false
  /** The earliest due time scheduled through this node since the loop last read the store. */
  #nudgedAt = Infinity
  #sleep: { until: number; wake: () => void } | undefined

  constructor(jobs: JobRepository, options: JobSchedulerOptions) {
    const { clock, log, ...jobOptions } = options
    this.#jobs = jobs
    this.#options = jobOptions
    this.#clock = clock
    this.#log = log
  }

  /**
   * Registers what runs jobs of `kind`, and how many of them run at once; call it before {@link start}
   * (features do it in their constructors). A job of a kind nobody handles is recorded as failed: at
   * once when this node schedules it, else within a poll interval.
   */
  handle(kind: string, handler: JobHandler, options: JobKindOptions = {}): void {
    if (this.#loop) throw new Error(`the handler for "${kind}" jobs must be registered before the scheduler starts`)
    if (this.#handlers.has(kind)) throw new Error(`jobs of kind "${kind}" already have a handler`)
    const concurrency = options.concurrency ?? this.#options.concurrency
    if (!Number.isSafeInteger(concurrency) || concurrency < 1)
      throw new RangeError(`the concurrency of "${kind}" jobs must be a positive integer`)
    this.#handlers.set(kind, handler)
    this.#slots.set(kind, { kinds: { kinds: [kind] }, concurrency, running: 0 })
    this.#unhandled.kinds = { kinds: [], allBut: [...this.#handlers.keys()] }
  }

  /**
   * Schedules `kind`+`key` at `dueAt` (ms since the epoch) with a JSON payload, replacing the pending job
   * of that kind and key (new due time and payload, attempts reset). Durable once it resolves. A job
   * rescheduled while it runs stays pending for its new due time when the run ends.
   */
  async schedule(kind: string, key: string, dueAt: number, payload?: unknown): Promise<void> {
    if (!kind || typeof key !== 'string' || !Number.isFinite(dueAt)) {
      throw new TypeError('a job needs a kind, a key and a finite due time')
    }
    await this.#jobs.schedule({ kind, key, dueAt, payload }, this.#clock())
    if (!this.#handlers.has(kind)) this.#sweepAt = Math.min(this.#sweepAt, dueAt)
    this.#nudge(dueAt)
  }

  /** Cancels the pending job of that kind and key; resolves whether there was one. A run in progress ends normally. */
  cancel(kind: string, key: string): Promise<boolean> {
    return this.#jobs.cancel(kind, key)
  }

  /** Jobs that failed for good, newest first, for agents and admins to see. */
  failures(filter?: FailureFilter): Promise<FailedJob[]> {
    return this.#jobs.failures(filter)
  }

  /** Starts claiming and running due jobs. */
  start(): void {
    if (this.#stopped) throw new Error('a stopped job scheduler cannot start again')
    this.#loop ??= this.#run()
  }

  /**
   * Stops claiming and waits for the runs in progress, each of which ends within the job timeout (a
   * handler still going then is left behind, its run counted as failed and retried).
   */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#sleep?.wake()
    await this.#loop
    await Promise.all(this.#running)
  }

  #nudge(dueAt: number): void {
    this.#nudgedAt = Math.min(this.#nudgedAt, dueAt)
    if (this.#sleep && dueAt < this.#sleep.until) this.#sleep.wake()
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      this.#nudgedAt = Infinity
      let again = false
      let failed = false
      const sweep = this.#clock() >= this.#sweepAt
      // One claim per kind, each up to its own free slots.
      for (const slots of [...this.#slots.values(), ...(sweep ? [this.#unhandled] : [])]) {
        const free = slots.concurrency - slots.running
        if (free <= 0) continue
        try {
          const now = this.#clock()
          if (slots === this.#unhandled) this.#sweepAt = now + this.#options.pollInterval
          const jobs = await this.#jobs.claim(`${this.owner}/${++this.#claims}`, now, now + this.#options.lease, free, slots.kinds)
          for (const job of jobs) this.#track(slots, this.#execute(job))
          // A full batch may have left more due jobs behind: claim again at once.
          if (jobs.length === free) {
            again = true
            if (slots === this.#unhandled) this.#sweepAt = now
          }
        } catch (error) {
          failed = true
          this.#log.error({ err: error }, 'could not claim due jobs; trying again after the poll interval')
        }
      }
      if (again) continue
      await this.#idle(!failed)
    }
  }

  /** The kinds with a free slot, which the look-ahead covers: a kind whose slots are all taken waits for a run's end. */
  #open(): JobKinds {
    const open = [...this.#slots.values()].filter((slots) => slots.running < slots.concurrency)
    return { kinds: open.flatMap((slots) => slots.kinds.kinds) }
  }

  /** Sleeps until the next run time (when `lookAhead`), the poll interval, a sooner schedule, or a run's end. */
  async #idle(lookAhead: boolean): Promise<void> {
    let until = this.#clock() + this.#options.pollInterval
    if (lookAhead) {
      try {
        until = Math.min(until, (await this.#jobs.nextRunAt(this.#open())) ?? Infinity)
      } catch (error) {
        this.#log.error({ err: error }, 'could not read when the next job is due')
      }
    }
    const sweepAt = this.#unhandled.running < this.#unhandled.concurrency ? this.#sweepAt : Infinity
    until = Math.min(until, this.#nudgedAt, sweepAt)
    if (this.#stopped) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake(), Math.max(0, until - this.#clock()))
      timer.unref()
      const wake = () => {
        clearTimeout(timer)
        this.#sleep = undefined
        resolve()
      }
      this.#sleep = { until, wake }
    })
  }

  #track(slots: Slots, run: Promise<void>): void {
    slots.running++
    this.#running.add(run)
    void run.finally(() => {
      slots.running--
      this.#running.delete(run)
      this.#sleep?.wake()
    })
  }

  /** Runs one claimed job and records how it ended. Never rejects: whatever goes wrong is logged. */
  async #execute(job: ClaimedJob): Promise<void> {
    let failure: { error: unknown } | undefined
    try {
      await this.#attempt(job)
    } catch (error) {
      failure = { error }
    }
    try {
      if (!failure) return await this.#jobs.complete(job)
      const { error } = failure
      const fields = { kind: job.kind, key: job.key, attempt: job.attempt, err: error }
      if (error instanceof PermanentJobError || job.attempt >= this.#options.maxAttempts) {
        this.#log.error(fields, 'job failed for good')
        return await this.#jobs.fail(job, messageOf(error), this.#clock())
      }
      const delay = retryDelay(job.attempt, { base: this.#options.retryBase, cap: this.#options.retryCap })
      this.#log.warn({ ...fields, retryIn: delay }, 'job failed; it will be retried')
      await this.#jobs.retry(job, this.#clock() + delay, messageOf(error))
    } catch (error) {
      this.#log.error({ err: error, kind: job.kind, key: job.key }, 'could not record how a job ended; it runs again when its lease ends')
    }
  }

  async #attempt(job: ClaimedJob): Promise<void> {
    const { maxAttempts, timeout } = this.#options
    if (job.attempt > maxAttempts) {
      // Only a claim that never ended gets here: its node stopped, or it could not record the outcome.
      throw new PermanentJobError(`its last attempt's lease ran out before the attempt ended (${maxAttempts} attempts)`)
    }
    const handler = this.#handlers.get(job.kind)
    if (!handler) throw new PermanentJobError(`no handler is registered for jobs of kind "${job.kind}"`)
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`the job timed out after ${timeout} ms`)
        controller.abort(error)
        reject(error)
      }, timeout)
    })
    const { kind, key, payload, attempt, dueAt } = job
    try {
      // Through then(): a handler that throws before returning its promise fails the run, not the scheduler.
      await Promise.race([
        Promise.resolve().then(() => handler({ kind, key, payload, attempt, dueAt, signal: controller.signal })),
        timedOut,
      ])
    } finally {
      clearTimeout(timer)
    }
  }
}
