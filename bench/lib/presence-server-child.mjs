// A server under test for bench/presence.mjs, in a process of its own so that its RSS is its own: the
// bench forks it (with --expose-gc) and drives it over IPC, one command at a time, one reply each:
//
//   { cmd: 'start', kind: 'porchlight', options } -> { ok, port }   buildApp(options) listening on loopback
//   { cmd: 'start', kind: 'raw-ws' }              -> { ok, port }   a bare ws WebSocketServer (the baseline)
//   { cmd: 'memory', settleMs }                   -> { ok, memory } process.memoryUsage() after a full GC
//   { cmd: 'mark', profileDir? }                  -> { ok }         starts the CPU / event-loop window (and
//                                                                    a CPU profile when profileDir is given)
//   { cmd: 'load' }                               -> { ok, load, profile? }  CPU, event loop busy and delay
//                                                                    since 'mark' (and the .cpuprofile's path)
//   { cmd: 'heapSnapshot', dir, name }            -> { ok, path }   v8.writeHeapSnapshot after a full GC
//   { cmd: 'stop' }                               -> { ok }         closes the server; the process exits
//
// A failure answers { ok: false, error }. The CPU profile covers the window only (the churn, in presence.mjs),
// not the start and the connections; it is taken with the inspector's sampling profiler in this process.
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { writeHeapSnapshot } from 'node:v8'
import { WebSocketServer } from 'ws'

/** The sampling interval of the event-loop delay histogram (ms). */
const delayResolution = 2
const blocked = (nanoseconds) => Math.max(0, nanoseconds / 1e6 - delayResolution)

let server // { port, close(): Promise<void> }
let window // what 'mark' started

/** A full collection: twice, with a turn of the event loop between, so that weak callbacks and finalizers run. */
async function fullGc() {
  if (typeof globalThis.gc !== 'function') throw new Error('the server child needs --expose-gc')
  globalThis.gc()
  await new Promise((resolve) => setImmediate(resolve))
  globalThis.gc()
}

async function startPorchlight(options) {
  const specifier = process.env.BENCH_SERVER ?? '@porchlight/server'
  const { buildApp } = await import(specifier)
  // Any small file will do: the bench never asks for /widget.js, and it need not wait for the widget build.
  const widgetScript = join(options.dataDir, '..', 'widget.js')
  writeFileSync(widgetScript, '/* bench */\n')
  const app = await buildApp({ ...options, widgetScript }, { logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { port: app.server.address().port, close: () => app.close() }
}

/**
 * The baseline: ws's own server, the same ws version and maxPayload as @fastify/websocket uses, holding
 * idle connections with nothing of the application's (a message and an error listener, as any server has).
 */
async function startRawWs() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 32 * 1024, perMessageDeflate: false })
  wss.on('connection', (socket) => {
    socket.on('message', () => {})
    socket.on('error', () => {})
  })
  await new Promise((resolve, reject) => {
    wss.once('listening', resolve)
    wss.once('error', reject)
  })
  return {
    port: wss.address().port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of wss.clients) socket.terminate()
        wss.close(() => resolve())
      }),
  }
}

const post = (session, method, params) =>
  new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))))

const commands = {
  async start({ kind, options }) {
    server = kind === 'raw-ws' ? await startRawWs() : await startPorchlight(options)
    return { port: server.port }
  },
  async memory({ settleMs = 0 }) {
    // Lets what the last connections set off (presence writes, timers) finish before measuring.
    if (settleMs > 0) await sleep(settleMs)
    await fullGc()
    return { memory: process.memoryUsage() }
  },
  async mark({ profileDir }) {
    let profiler
    if (profileDir) {
      profiler = new Session()
      profiler.connect()
      await post(profiler, 'Profiler.enable')
      await post(profiler, 'Profiler.setSamplingInterval', { interval: 250 })
      await post(profiler, 'Profiler.start')
    }
    const delay = monitorEventLoopDelay({ resolution: delayResolution })
    delay.enable()
    window = { cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), started: performance.now(), delay, profiler, profileDir }
  },
  async load() {
    const { cpu, elu, started, delay, profiler, profileDir } = window
    delay.disable()
    let profile
    if (profiler) {
      const { profile: data } = await post(profiler, 'Profiler.stop')
      profiler.disconnect()
      profile = join(profileDir, `presence-server-${process.pid}.cpuprofile`)
      writeFileSync(profile, JSON.stringify(data))
    }
    const used = process.cpuUsage(cpu)
    const elapsedMs = performance.now() - started
    return {
      profile,
      load: {
        elapsedMs,
        coresBusy: (used.user + used.system) / 1000 / elapsedMs,
        eventLoopBusy: performance.eventLoopUtilization(elu).utilization,
        // How long the event loop was blocked, in milliseconds: the histogram holds the intervals between
        // the ticks of a `delayResolution` timer, so the resolution itself is taken off.
        delayP50: blocked(delay.percentile(50)),
        delayP99: blocked(delay.percentile(99)),
        delayMax: blocked(delay.max),
      },
    }
  },
  async heapSnapshot({ dir, name = String(process.pid) }) {
    await fullGc()
    return { path: writeHeapSnapshot(join(dir, `${name.replace(/\W+/g, '-')}.heapsnapshot`)) }
  },
  async stop() {
    await server?.close()
    server = undefined
  },
}

process.on('message', async (command) => {
  try {
    const reply = await commands[command.cmd](command)
    process.send({ ok: true, ...reply })
    if (command.cmd === 'stop') process.disconnect()
  } catch (error) {
    process.send({ ok: false, error: String(error?.stack ?? error) })
  }
})
