// `npm run bench`: builds, then runs every benchmark in turn and prints a summary table.
//
//   node --expose-gc bench/run.mjs               every benchmark (after `npm run build`)
//   node --expose-gc bench/run.mjs message       only those whose file name contains "message"
//   node --expose-gc bench/run.mjs presence      only the presence benchmark
//
// Sizes can be changed for an experiment (the defaults are meant for the 2-core machines):
//   BENCH_SOCKETS=200 BENCH_WINDOW=10 BENCH_MESSAGES=50000 BENCH_WARMUP=25 (warm-up messages per socket)
//   BENCH_SERVER=/path/to/dist/index.js   bench another build of @porchlight/server
// To see where the server spends its time: node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof bench/run.mjs
// (the message bench's server runs in the main thread, so the larger of the .cpuprofile files is the
// server's; the presence bench runs its servers in child processes: see bench/presence.mjs for its own
// BENCH_PRESENCE_CPU_PROF and BENCH_PRESENCE_HEAP_SNAPSHOT).
//
// A benchmark is a module in bench/ listed below that exports `name` and `run({ log })`. `run` returns a
// row for the table, or an array of rows (one per thing measured):
//   { benchmark, unit, rate, baseline, baselineRate, baselineUnit?, ratio?, targets: [{ label, met }],
//     latency?: { p50, p99 } (milliseconds) }
// where a row that measures something other than a rate gives `value` and `baselineValue` (formatted
// strings, such as `p99 12.3 ms` or `14.2 KB/conn`) instead of `rate`, `unit` and `baselineRate`.
// Results are compared with a baseline measured in the same run (raw better-sqlite3, raw ws), never with
// bare times from another machine or another day.
//
// A benchmark reports, it does not test: a missed target is printed loudly but the exit code stays 0.
// Only a benchmark that cannot run at all (it throws) makes the exit code 1.
import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { ms, rate, table } from './lib/format.mjs'

/** The benchmarks, in the order they run. Add new files here. */
const benchmarks = ['message-throughput.mjs', 'presence.mjs', 'search.mjs']

const filter = process.argv[2]
const selected = benchmarks.filter((file) => !filter || file.includes(filter))

function describeMachine() {
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('.', import.meta.url), encoding: 'utf8' }).trim()
  } catch {
    // Not a git checkout: the commit stays unknown.
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  // The load average tells a reader whether something else was using the machine during the run.
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')
  return `Node ${process.version}, ${availableParallelism()} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, commit ${commit}, load average ${load}`
}

console.log(`Porchlight benchmarks: ${describeMachine()}`)
if (typeof globalThis.gc !== 'function') {
  console.log('(run with node --expose-gc so that each phase starts after a full garbage collection)')
}

const results = []
for (const file of selected) {
  const benchmark = await import(`./${file}`)
  console.log(`\n${benchmark.name} (bench/${file})`)
  const started = Date.now()
  try {
    results.push(...[await benchmark.run({ log: (line) => console.log(line) })].flat())
  } catch (error) {
    console.error(`  FAILED: ${error?.stack ?? error}`)
    results.push({ benchmark: benchmark.name, failed: true })
    process.exitCode = 1
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

const rows = results.map((result) =>
  result.failed
    ? [result.benchmark, 'error', '', '', '', '', 'ERROR', '', '']
    : [
        result.benchmark,
        result.value ?? rate(result.rate, result.unit),
        result.baseline,
        result.baselineValue ?? rate(result.baselineRate, result.baselineUnit ?? result.unit),
        Number.isFinite(result.ratio) ? `${result.ratio.toFixed(2)}x` : '',
        result.targets.map((target) => target.label).join(', '),
        result.targets.every((target) => target.met) ? 'pass' : 'MISS',
        result.latency ? ms(result.latency.p50) : '',
        result.latency ? ms(result.latency.p99) : '',
      ],
)
// p50 and p99 are each row's latency: send to durable ack for messages, signal to presence.changed for presence.
console.log(`\n${table(['benchmark', 'measured', 'baseline', 'baseline value', 'ratio', 'target', 'result', 'p50', 'p99'], rows)}`)

const missed = results.flatMap((result) =>
  result.failed
    ? []
    : result.targets
        .filter((target) => !target.met)
        .map((target) => `${result.benchmark}: ${target.label} (measured ${result.value ?? rate(result.rate, result.unit)})`),
)
if (missed.length > 0) {
  console.log(`\nMISSED TARGETS (${missed.length}):`)
  for (const line of missed) console.log(`  - ${line}`)
} else if (results.length > 0 && !process.exitCode) console.log('\nAll targets met.')
if (selected.length === 0) console.log(`no benchmark matches "${filter}"; the benchmarks are: ${benchmarks.join(', ')}`)
