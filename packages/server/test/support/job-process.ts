import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { JobOptions } from '../../src/config/options.js'

const child = new URL('./job-child.mjs', import.meta.url)

/** What `job-child.mjs` takes: see there. */
export interface JobProcessConfig {
  dataDir: string
  jobs?: Partial<JobOptions>
  /** Milliseconds the child's clock is ahead of the real one: lets a job be due or a lease end at once. */
  clockOffset?: number
  schedule?: Array<{ kind: string; key: string; dueAt: number; payload?: unknown }>
}

/** One line the child printed. */
export type JobProcessEvent = { ready: true } | { ran: string; attempt: number }

/** The built store and job scheduler in a child process, for tests that kill a node for real. */
export interface JobProcess {
  process: ChildProcess
  /** Resolves with the first event (from the start) that matches. */
  next(match: (event: JobProcessEvent) => boolean): Promise<JobProcessEvent>
  /** SIGKILL, and waits for the process to exit. */
  kill(): Promise<void>
  /** SIGTERM (the scheduler stops and the store closes), and waits for exit code 0. */
  stop(): Promise<void>
}

/** Starts `job-child.mjs` (run `npm run build` first) and resolves once it is ready. */
export async function startJobProcess(config: JobProcessConfig): Promise<JobProcess> {
  const process = spawn(globalThis.process.execPath, [child.pathname, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => process.once('exit', (code, signal) => resolve(signal ?? code)))
  const events: JobProcessEvent[] = []
  const waiters: Array<{ match: (event: JobProcessEvent) => boolean; resolve: (event: JobProcessEvent) => void }> = []
  createInterface({ input: process.stdout }).on('line', (line: string) => {
    const event = JSON.parse(line) as JobProcessEvent
    events.push(event)
    for (const waiter of waiters.filter(({ match }) => match(event))) waiters.splice(waiters.indexOf(waiter), 1)[0]!.resolve(event)
  })
  const next = (match: (event: JobProcessEvent) => boolean) =>
    new Promise<JobProcessEvent>((resolve, reject) => {
      const seen = events.find(match)
      if (seen) return resolve(seen)
      waiters.push({ match, resolve })
      void exited.then((code) => reject(new Error(`the job process exited (${String(code)}) before the awaited event`)))
    })
  await next((event) => 'ready' in event)
  return {
    process,
    next,
    kill: async () => {
      process.kill('SIGKILL')
      await exited
    },
    stop: async () => {
      process.kill('SIGTERM')
      const code = await exited
      if (code !== 0) throw new Error(`the job process exited with ${String(code)}`)
    },
  }
}
