// Presence at scale: 10,000 visitor connections on loopback with steady visibility churn, next to a raw
// `ws` server holding the same number of idle connections, measured in the same run.
//
// What it reports:
//   - latency from a widget's signal to the agent socket's `presence.changed`: for each visibility flip,
//     the time the visitor's `signals` frame was sent to the time the signed-in agent's socket received
//     the `presence.changed` that the flip calls for (p50, p99, max, per direction and overall);
//   - the server's memory per connection: the RSS growth of the server's own process from before the
//     visitors connect to after (after a full GC each time), divided by the number of connections; the
//     same for a bare ws WebSocketServer holding as many idle connections (the baseline).
//
// Which transitions are timed: every flip, both directions.
//   - hidden -> visible: away (tab_hidden) -> online (visible), which the server decides at once;
//   - visible -> hidden: online -> away (tab_hidden), which the server decides only after `awayAfter` with
//     every tab hidden (a debounce, 10 s by default). The bench sets `awayAfter` to 1 ms, so that the
//     change goes through the same path as in production (a debounce timer per visitor, its tick, the
//     change) without the 10 s wait; this direction's latency includes that 1 ms.
// The heartbeat runs throughout, every HEARTBEAT ms (5 s), and every visitor answers every application
// ping with a pong carrying its signals, as the widget does: its cost (today a protocol ping and a ping
// frame to each of 10,000 sockets in one timer callback, then 10,000 pongs through the presence engine) is
// part of what the latency sees.
//
// Who runs where, on a 2-core machine: each server runs in a child process of its own (forked with
// --expose-gc, driven over IPC by bench/lib/presence-server-child.mjs), so its RSS holds nothing of the
// clients'. The raw ws server runs first, alone, then the Porchlight server. The visitors run in a worker
// thread of this process (bench/lib/presence-visitor-worker.mjs); the agent socket runs in this thread,
// which has nothing else to do during the churn, so it timestamps frames as they arrive. Send and receive
// times come from process.hrtime, one monotonic clock shared by every thread.
//
// Sizes, for an experiment (defaults: the 10,000 visitors, about 40-60 s in all):
//   BENCH_PRESENCE_VISITORS=10000   connections, for both servers
//   BENCH_PRESENCE_CHURN=0.075      share of the visitors that flip per second (750/s with 10,000)
//   BENCH_PRESENCE_SECONDS=15       how long the churn lasts
//   BENCH_PRESENCE_HEARTBEAT=5000   the server's heartbeat interval (ms)
// Diagnosis:
//   BENCH_PRESENCE_CPU_PROF=/tmp/prof        a CPU profile of the Porchlight server during the churn, in that directory
//   BENCH_PRESENCE_HEAP_SNAPSHOT=/tmp/heap   heap snapshots of each server before and after its connections
//                                            (the memory figures then include the snapshots' own leftovers: use
//                                            the snapshots, not the figures); compare a pair with
//                                            node bench/lib/heap-diff.mjs before.heapsnapshot after.heapsnapshot 10000
//   BENCH_PRESENCE_DUMP=/tmp/flips.json      every flip (send time, direction, latency) and heartbeat round, as JSON
//   BENCH_SERVER=/path/to/dist/index.js      bench another build of @porchlight/server
import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import WebSocket from 'ws'
import { int, ms, percent, percentile } from './lib/format.mjs'

export const name = 'presence'

const fromEnv = (variable, fallback) => {
  const value = Number(process.env[variable])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const config = {
  visitors: Math.round(fromEnv('BENCH_PRESENCE_VISITORS', 10_000)),
  churnShare: fromEnv('BENCH_PRESENCE_CHURN', 0.075),
  seconds: fromEnv('BENCH_PRESENCE_SECONDS', 15),
  heartbeat: Math.round(fromEnv('BENCH_PRESENCE_HEARTBEAT', 5_000)),
  /** Handshakes in flight at once while connecting (the listen backlog is 511). */
  concurrency: 200,
}

export const targets = { p99Ms: 50, memoryRatio: 2 }

const admin = { email: 'bench@localhost', password: 'bench-password' }

/** Milliseconds on the monotonic clock shared by every thread of the process (the visitors' clock too). */
const now = () => {
  const [seconds, nanoseconds] = process.hrtime()
  return seconds * 1e3 + nanoseconds / 1e6
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`

/**
 * CPU time the whole machine spent busy so far (ms, all cores), from /proc/stat; undefined elsewhere. With
 * the server's and this process's own CPU time it tells how much other programs took during the churn,
 * which a reader needs to trust a latency figure on a shared 2-core machine.
 */
function machineBusyMs() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number)
    const [user, nice, system, , , irq, softirq, steal] = ticks
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100 // USER_HZ is 100 on Linux
  } catch {
    return undefined
  }
}

/** Sends one command at a time to a worker or a child process and waits for its reply. */
function commander(target, label, { post, onMessage }) {
  let waiting
  onMessage((reply) => waiting?.(reply))
  target.on('error', (error) => waiting?.({ ok: false, error: String(error?.stack ?? error) }))
  target.on('exit', (code, signal) => waiting?.({ ok: false, error: `${label} exited (${signal ?? code})` }))
  return (command, timeoutMs = 120_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label}: no answer to ${command.cmd} in ${timeoutMs} ms`)), timeoutMs)
      waiting = (reply) => {
        waiting = undefined
        clearTimeout(timer)
        reply.ok ? resolve(reply) : reject(new Error(`${label}: ${reply.error}`))
      }
      post(command)
    })
}

function startVisitors() {
  const worker = new Worker(new URL('./lib/presence-visitor-worker.mjs', import.meta.url))
  const send = commander(worker, 'visitor worker', {
    post: (command) => worker.postMessage(command),
    onMessage: (listener) => worker.on('message', listener),
  })
  return { worker, send }
}

function startServerChild(kind) {
  const child = fork(new URL('./lib/presence-server-child.mjs', import.meta.url), [], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const send = commander(child, `${kind} server process`, {
    post: (command) => child.send(command),
    onMessage: (listener) => child.on('message', listener),
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return {
    child,
    send,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      try {
        await send({ cmd: 'stop' }, 30_000)
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }
    },
  }
}

/**
 * Connects the visitors in two halves and samples the server's memory before, between and after, so
 * that the per-connection figure (after - before) / N can be told apart from the second half's own
 * growth (the marginal cost, which leaves out one-time costs such as code compiled on first use).
 */
async function connectAndMeasure({ server, visitors, url, hello, log, label }) {
  const snapshots = process.env.BENCH_PRESENCE_HEAP_SNAPSHOT
  const snapshot = async (when) => {
    const { path } = await server.send({ cmd: 'heapSnapshot', dir: snapshots, name: `${label}-${when}` }, 300_000)
    log(`  ${label} heap snapshot ${when} connecting: ${path}`)
  }
  if (snapshots) await snapshot('before')
  const before = (await server.send({ cmd: 'memory', settleMs: 200 })).memory
  const half = Math.floor(config.visitors / 2)
  const first = await visitors.send({ cmd: 'connect', url, count: half, hello, concurrency: config.concurrency })
  const middle = (await server.send({ cmd: 'memory', settleMs: 1_000 })).memory
  const second = await visitors.send({ cmd: 'connect', url, count: config.visitors - half, hello, concurrency: config.concurrency })
  const after = (await server.send({ cmd: 'memory', settleMs: 1_000 })).memory
  if (snapshots) await snapshot('after')
  const n = config.visitors
  const perConnection = (key) => (after[key] - before[key]) / n
  const marginal = (after.rss - middle.rss) / (n - half)
  log(
    `  ${label}: ${int(n)} connections in ${((first.ms + second.ms) / 1000).toFixed(1)} s; RSS ${mb(before.rss)} -> ${mb(after.rss)}: ` +
      `${kb(perConnection('rss'))} per connection (second half alone ${kb(marginal)}); ` +
      `V8 heap used ${kb(perConnection('heapUsed'))}, external ${kb(perConnection('external'))} per connection`,
  )
  return {
    before,
    middle,
    after,
    rssPerConnection: perConnection('rss'),
    marginal,
    visitorIds: [...first.visitorIds, ...second.visitorIds],
  }
}

async function rawWsPhase(log) {
  const server = startServerChild('raw ws')
  const visitors = startVisitors()
  try {
    const { port } = await server.send({ cmd: 'start', kind: 'raw-ws' })
    const result = await connectAndMeasure({ server, visitors, url: `ws://127.0.0.1:${port}/`, hello: false, log, label: 'raw ws' })
    await visitors.send({ cmd: 'close' })
    return result
  } finally {
    await visitors.worker.terminate()
    await server.stop()
  }
}

/** Signs in as the bench's admin and opens the agent socket; collects every `presence.changed`. */
async function connectAgent(port) {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  if (!response.ok) throw new Error(`agent login: HTTP ${response.status} ${await response.text()}`)
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .find((pair) => pair.startsWith('porchlight_session='))
  if (!cookie) throw new Error('agent login: no porchlight_session cookie')

  const agent = {
    /** visitorId -> visitor index, filled in once the visitors have connected. */
    indexOf: new Map(),
    recording: false,
    // The changes received while recording: visitor index, state/reason code, receive time.
    visitor: [],
    code: [],
    receivedAt: [],
    unknownVisitors: 0,
  }
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/agent`, { headers: { cookie }, perMessageDeflate: false })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('unexpected-response', (_request, res) => reject(new Error(`agent socket: HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
  ws.on('message', (data) => {
    const receivedAt = now()
    const frame = JSON.parse(data.toString())
    if (frame.type !== 'presence.changed' || !agent.recording) return
    const index = agent.indexOf.get(frame.visitorId)
    if (index === undefined) {
      agent.unknownVisitors++
      return
    }
    agent.visitor.push(index)
    agent.code.push(`${frame.presence.state}/${frame.presence.reason}`)
    agent.receivedAt.push(receivedAt)
  })
  agent.close = () => ws.terminate()
  return agent
}

/**
 * Pairs each flip with the first later `presence.changed` of the same visitor that has the state it calls
 * for. A visitor has at most one flip in flight, so its changes and flips alternate; a change that pairs
 * with no flip is counted by its state and reason (a frozen tab, for example). Returns each flip's latency
 * (NaN when its change never came).
 */
function matchFlips(flips, agent) {
  const byVisitor = new Map()
  for (let i = 0; i < agent.visitor.length; i++) {
    let list = byVisitor.get(agent.visitor[i])
    if (!list) byVisitor.set(agent.visitor[i], (list = { events: [], next: 0 }))
    list.events.push(i)
  }
  const latency = new Float64Array(flips.visitor.length).fill(Number.NaN)
  const unmatched = new Map()
  const countUnmatched = (event) => unmatched.set(agent.code[event], (unmatched.get(agent.code[event]) ?? 0) + 1)
  for (let f = 0; f < flips.visitor.length; f++) {
    const wanted = flips.toVisible[f] ? 'online/visible' : 'away/tab_hidden'
    const list = byVisitor.get(flips.visitor[f])
    while (list && list.next < list.events.length) {
      const event = list.events[list.next++]
      if (agent.receivedAt[event] >= flips.sentAt[f] && agent.code[event] === wanted) {
        latency[f] = agent.receivedAt[event] - flips.sentAt[f]
        break
      }
      countUnmatched(event)
    }
  }
  for (const list of byVisitor.values()) while (list.next < list.events.length) countUnmatched(list.events[list.next++])
  return { latency, lost: latency.filter(Number.isNaN).length, unmatched }
}

/** The sorted latencies of the flips that `keep(flipIndex)` selects (lost flips left out). */
function latencies(latency, keep = () => true) {
  const selected = []
  for (let f = 0; f < latency.length; f++) if (!Number.isNaN(latency[f]) && keep(f)) selected.push(latency[f])
  return Float64Array.from(selected).sort()
}

/**
 * The heartbeat rounds the visitors saw during the churn, from the arrival times of the application pings:
 * a gap of more than a second starts a new round. Each is { first, last } (ms, the shared clock).
 */
function heartbeatRounds(pingTimes) {
  const sorted = Float64Array.from(pingTimes).sort()
  const rounds = []
  for (const at of sorted) {
    const round = rounds.at(-1)
    if (round && at - round.last <= 1_000) round.last = at
    else rounds.push({ first: at, last: at })
  }
  return rounds
}

const summary = (sorted) =>
  sorted.length === 0
    ? 'none'
    : `p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1))} (${int(sorted.length)})`

async function porchlightPhase(dir, log) {
  const server = startServerChild('Porchlight')
  const visitors = startVisitors()
  let agent
  try {
    const { port } = await server.send({
      cmd: 'start',
      kind: 'porchlight',
      options: {
        dataDir: join(dir, 'server'),
        admin,
        timings: { heartbeatInterval: config.heartbeat, awayAfter: 1 },
        // Sign-in is raised (the bench signs in once per run, runs come in quick succession), and so are
        // the limits per address (every bench visitor comes from one); the per-socket signal limit keeps
        // its default, which a visitor flipping every few seconds stays under.
        rateLimits: { loginAttemptsPerMinute: 1_000, newVisitorsPerMinute: 1_000_000, newVisitorBurst: 1_000_000 },
        socketLimits: { socketsPerAddress: 1_000_000 },
      },
    })
    agent = await connectAgent(port)
    const measured = await connectAndMeasure({
      server,
      visitors,
      url: `ws://127.0.0.1:${port}/ws/visitor`,
      hello: true,
      log,
      label: 'Porchlight',
    })
    measured.visitorIds.forEach((visitorId, index) => agent.indexOf.set(visitorId, index))

    const perSecond = Math.max(1, Math.round(config.visitors * config.churnShare))
    log(
      `  churn: ${int(perSecond)} visibility flips/s (${percent(config.churnShare)} of the visitors per second) for ${config.seconds} s, ` +
        `heartbeat every ${config.heartbeat / 1000} s answered by every visitor, awayAfter 1 ms`,
    )
    agent.recording = true
    await server.send({ cmd: 'mark', profileDir: process.env.BENCH_PRESENCE_CPU_PROF })
    const machineBefore = machineBusyMs()
    const ownBefore = process.cpuUsage()
    const churn = await visitors.send({ cmd: 'churn', perSecond, seconds: config.seconds }, (config.seconds + 60) * 1000)
    const { load, profile } = await server.send({ cmd: 'load' })
    const own = process.cpuUsage(ownBefore)
    // Cores busy during the churn: this process (visitors and agent), and everything else but the server.
    load.clientCores = (own.user + own.system) / 1000 / load.elapsedMs
    const machine = machineBefore === undefined ? undefined : machineBusyMs()
    load.otherCores =
      machine === undefined ? undefined : Math.max(0, (machine - machineBefore) / load.elapsedMs - load.clientCores - load.coresBusy)
    if (profile) log(`  Porchlight server CPU profile of the churn: ${profile}`)
    agent.recording = false
    const afterChurn = (await server.send({ cmd: 'memory', settleMs: 500 })).memory
    await visitors.send({ cmd: 'close' })
    return { measured, churn, load, afterChurn, matched: matchFlips(churn.flips, agent), rounds: heartbeatRounds(churn.pingTimes), agent }
  } finally {
    agent?.close()
    await visitors.worker.terminate()
    await server.stop()
  }
}

/**
 * This process holds every visitor socket (and each server child as many): says so at once when the
 * open-files limit cannot hold them, rather than failing halfway with EMFILE. Linux only; elsewhere it
 * trusts the limit.
 */
function checkOpenFilesLimit() {
  let soft
  try {
    soft = Number(/^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1])
  } catch {
    return
  }
  const needed = config.visitors + 256
  if (Number.isFinite(soft) && soft < needed) {
    throw new Error(
      `the open-files limit is ${soft}, and ${int(config.visitors)} connections need about ${int(needed)}: ` +
        `raise it (ulimit -n ${needed}) or set BENCH_PRESENCE_VISITORS lower`,
    )
  }
}

export async function run({ log = console.log } = {}) {
  checkOpenFilesLimit()
  const dir = mkdtempSync(join(tmpdir(), 'porchlight-bench-presence-'))
  try {
    log(`  ${int(config.visitors)} connections per server, ${config.concurrency} handshakes at a time; each server in its own process`)
    const raw = await rawWsPhase(log)
    const whole = await porchlightPhase(dir, log)
    const { churn, load, matched, measured } = whole

    const { stats } = churn
    log(
      `  ${int(churn.flips.visitor.length)} flips sent in ${(stats.elapsedMs / 1000).toFixed(1)} s (with the drain), ` +
        `${int(stats.pings)} application pings answered (${(stats.pings / config.visitors).toFixed(1)} heartbeat rounds)` +
        (stats.skipped > 0 ? `, ${int(stats.skipped)} flips skipped (no free visitor)` : ''),
    )
    const problems = [
      matched.lost > 0 && `${int(matched.lost)} flips never got their presence.changed`,
      stats.unsettled > 0 && `${int(stats.unsettled)} flips unsettled at the end`,
      Object.keys(stats.errors).length > 0 && `error frames ${JSON.stringify(stats.errors)}`,
      Object.keys(stats.closed).length > 0 && `sockets closed by the server ${JSON.stringify(stats.closed)}`,
      matched.unmatched.size > 0 && `presence.changed without a flip ${JSON.stringify(Object.fromEntries(matched.unmatched))}`,
      whole.agent.unknownVisitors > 0 && `${int(whole.agent.unknownVisitors)} presence.changed for unknown visitors`,
    ].filter(Boolean)
    for (const problem of problems) log(`  ! ${problem}`)
    const { flips } = churn
    const all = latencies(matched.latency)
    log(
      `  signal -> agent presence.changed, hidden -> visible (away/tab_hidden -> online, immediate): ${summary(latencies(matched.latency, (f) => flips.toVisible[f] === 1))}`,
    )
    log(
      `  signal -> agent presence.changed, visible -> hidden (online -> away/tab_hidden, awayAfter 1 ms): ${summary(latencies(matched.latency, (f) => flips.toVisible[f] === 0))}`,
    )
    log(`  signal -> agent presence.changed, both: ${summary(all)}`)
    // Where the slow ones come from: flips sent while a heartbeat round was going on (from 50 ms before its
    // first ping reached a visitor to 500 ms after its last one did) against the rest of the time. A server
    // that spreads its pings over the interval has no bursts to tell apart.
    const { rounds } = whole
    const bursts = rounds.length > 0 && rounds.every((round) => round.last - round.first < config.heartbeat / 2)
    if (bursts) {
      const inRound = (f) => rounds.some((round) => flips.sentAt[f] >= round.first - 50 && flips.sentAt[f] <= round.last + 500)
      log(
        `  heartbeat: ${rounds.length} rounds during the churn, each reaching every visitor within ` +
          `${rounds.map((round) => ms(round.last - round.first)).join(', ')}; flips sent during a round ` +
          `(-50 ms .. +500 ms): ${summary(latencies(matched.latency, inRound))}; the rest: ${summary(latencies(matched.latency, (f) => !inRound(f)))}`,
      )
    } else if (rounds.length > 0) log('  heartbeat: the application pings reached the visitors spread over the interval, not in bursts')
    else log('  ! no application ping reached a visitor during the churn')
    log(
      `  server during the churn: ${load.coresBusy.toFixed(2)} cores, event loop busy ${percent(load.eventLoopBusy)}, ` +
        `event loop blocked p50 ${ms(load.delayP50)}, p99 ${ms(load.delayP99)}, max ${ms(load.delayMax)}; ` +
        `visitors and agent ${load.clientCores.toFixed(2)} cores` +
        (load.otherCores === undefined ? '' : `; other programs on the machine ${load.otherCores.toFixed(2)} cores`),
    )
    if (load.otherCores > 0.25) log('  ! other programs were busy during the churn: the latency figures are less trustworthy')
    // The target compares idle connections with idle connections; after the churn the server also holds
    // what the heartbeat and the changes left behind (timers, garbage the GC has not given back).
    const afterChurn = (whole.afterChurn.rss - measured.before.rss) / config.visitors
    const heapAfterChurn = (whole.afterChurn.heapUsed - measured.before.heapUsed) / config.visitors
    log(
      `  Porchlight RSS after the churn ${mb(whole.afterChurn.rss)}: ${kb(afterChurn)} per connection, ` +
        `${(afterChurn / raw.rssPerConnection).toFixed(2)}x raw ws (V8 heap used ${kb(heapAfterChurn)} per connection; ` +
        `the target compares the idle figures, before the churn)`,
    )
    if (process.env.BENCH_PRESENCE_DUMP) {
      const t0 = flips.sentAt[0] ?? 0
      const dump = {
        rounds: rounds.map((round) => ({ first: round.first - t0, last: round.last - t0 })),
        flips: Array.from(flips.sentAt, (sentAt, f) => ({
          sentAt: sentAt - t0,
          toVisible: flips.toVisible[f] === 1,
          latency: Number.isNaN(matched.latency[f]) ? null : matched.latency[f],
        })),
      }
      writeFileSync(process.env.BENCH_PRESENCE_DUMP, JSON.stringify(dump))
      log(`  flips written to ${process.env.BENCH_PRESENCE_DUMP} (times in ms from the first flip)`)
    }

    const p50 = percentile(all, 50)
    const p99 = percentile(all, 99)
    const latencyMet = all.length > 0 && matched.lost === 0 && p99 <= targets.p99Ms
    const ratio = measured.rssPerConnection / raw.rssPerConnection
    const n = int(config.visitors)
    return [
      {
        benchmark: `presence latency (${n} visitors, signal -> agent)`,
        value: `p99 ${ms(p99)}`,
        baseline: '',
        baselineValue: '',
        ratio: undefined,
        targets: [{ label: `p99 ≤ ${targets.p99Ms} ms`, met: latencyMet }],
        latency: { p50, p99 },
      },
      {
        benchmark: `presence memory per connection (${n})`,
        value: `${kb(measured.rssPerConnection)}/conn`,
        baseline: `raw ws, ${n} idle`,
        baselineValue: `${kb(raw.rssPerConnection)}/conn`,
        ratio,
        targets: [{ label: `≤ ${targets.memoryRatio}× raw ws`, met: ratio <= targets.memoryRatio }],
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
