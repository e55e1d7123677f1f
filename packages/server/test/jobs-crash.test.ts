import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Store } from '../src/store/store.js'
import { startJobProcess, type JobProcess } from './support/job-process.js'
import { temporaryDirectories } from './support/temp-dirs.js'

const newDataDir = temporaryDirectories('porchlight-jobs-crash-')
const hour = 3_600_000

const processes: JobProcess[] = []
afterEach(async () => {
  for (const node of processes.splice(0)) await node.kill()
})

async function start(config: Parameters<typeof startJobProcess>[0]): Promise<JobProcess> {
  const node = await startJobProcess(config)
  processes.push(node)
  return node
}

const linesOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [])

/** What is left in the jobs table once every node is gone: nothing pending, nothing failed. */
async function expectNoJobsLeft(dataDir: string): Promise<void> {
  const store = await Store.open(dataDir)
  try {
    expect(await store.jobs.nextRunAt()).toBeUndefined()
    expect(await store.jobs.failures()).toEqual([])
  } finally {
    await store.close()
  }
}

describe('durable jobs across a crash (SIGKILL)', () => {
  it('runs a job exactly once after its node was killed between scheduling and due time', async () => {
    const dataDir = newDataDir()
    const file = join(dataDir, 'side-effects.log')
    // Due in an hour: the first node is surely killed before, and the next one runs an hour ahead.
    const first = await start({ dataDir, schedule: [{ kind: 'append', key: 'followup', dueAt: Date.now() + hour, payload: { file } }] })
    await first.kill()
    expect(linesOf(file)).toEqual([])

    const second = await start({ dataDir, clockOffset: hour })
    await second.next((event) => 'ran' in event && event.ran === 'followup')
    await second.stop()
    expect(linesOf(file)).toEqual(['followup 1'])
    await expectNoJobsLeft(dataDir)
  })

  it('runs a job again once the lease of the node killed while running it has run out', async () => {
    const dataDir = newDataDir()
    const file = join(dataDir, 'side-effects.log')
    const jobs = { lease: 60_000, timeout: 30_000 }
    const first = await start({
      dataDir,
      jobs,
      schedule: [{ kind: 'append', key: 'webhook', dueAt: Date.now(), payload: { file, hangOnAttempt: 1 } }],
    })
    await first.next((event) => 'ran' in event)
    await first.kill()

    // Within the lease, another node leaves the job alone: a job due later proves it looked.
    const during = await start({ dataDir, jobs, schedule: [{ kind: 'append', key: 'barrier', dueAt: Date.now(), payload: { file } }] })
    await during.next((event) => 'ran' in event && event.ran === 'barrier')
    await during.stop()
    expect(linesOf(file)).toEqual(['webhook 1', 'barrier 1'])

    const after = await start({ dataDir, jobs, clockOffset: jobs.lease })
    await after.next((event) => 'ran' in event && event.ran === 'webhook')
    await after.stop()
    expect(linesOf(file)).toEqual(['webhook 1', 'barrier 1', 'webhook 2'])
    await expectNoJobsLeft(dataDir)
  })
})
