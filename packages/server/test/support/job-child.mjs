// A server node as far as durable jobs go, in a process of its own, for tests that kill it for real: the
// built store and scheduler (run `npm run build` first). Takes JSON in argv[2]:
//   { dataDir, jobs?: JobOptions, clockOffset?: ms added to the clock, schedule?: [{ kind, key, dueAt, payload }] }
// Handles jobs of kind "append": appends "<key> <attempt>" as a line to payload.file, then hangs (never
// ends) if payload.hangOnAttempt is this attempt. Prints {"ready":true} on stdout once its jobs are
// scheduled and it runs, and {"ran":key,"attempt":n} after each append. SIGTERM stops it gracefully.
import { appendFileSync } from 'node:fs'
import { resolveOptions } from '../../dist/config/options.js'
import { JobScheduler } from '../../dist/jobs/job-scheduler.js'
import { Store } from '../../dist/store/store.js'

const config = JSON.parse(process.argv[2])
const { jobs: jobOptions } = resolveOptions({ dataDir: config.dataDir, jobs: config.jobs })
const clock = () => Date.now() + (config.clockOffset ?? 0)
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`)
const store = await Store.open(config.dataDir, clock)
const jobs = new JobScheduler(store.jobs, { ...jobOptions, clock, log: { warn: () => {}, error: console.error } })
jobs.handle('append', async ({ key, attempt, payload }) => {
  appendFileSync(payload.file, `${key} ${attempt}\n`)
  print({ ran: key, attempt })
  if (payload.hangOnAttempt === attempt) await new Promise(() => {})
})
for (const { kind, key, dueAt, payload } of config.schedule ?? []) await jobs.schedule(kind, key, dueAt, payload)
jobs.start()
// The scheduler's timers do not hold the process open; a server's sockets would.
const alive = setInterval(() => {}, 2 ** 30)
process.on('SIGTERM', async () => {
  await jobs.stop()
  await store.close()
  clearInterval(alive)
  process.exit(0)
})
print({ ready: true })
