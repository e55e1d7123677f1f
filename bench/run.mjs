// `npm run bench`: builds, then runs every benchmark in turn and prints a summary table.
//
//   node --expose-gc bench/run.mjs               every benchmark (after `npm run build`)
//   node --expose-gc bench/run.mjs message       only those whose file name contains "message"
//
// Sizes can be changed for an experiment (the defaults are meant for the 2-core machines):
//   BENCH_SOCKETS=200 BENCH_WINDOW=10 BENCH_MESSAGES=50000 BENCH_WARMUP=25 (warm-up messages per socket)
//   BENCH_SERVER=/path/to/dist/index.js   bench another build of @porchlight/server
// To see where the server spends its time: node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof bench/run.mjs
// (the server runs in the main thread, so the larger of the .cpuprofile files is the server's).
//
// A benchmark is a module in bench/ listed below that exports `name` and `run({ log })`. `run` returns a
// row for the table:
//   { benchmark, unit, rate, baseline, baselineRate, baselineUnit?, ratio, targets: [{ label, met }],
//     latency?: { p50, p99 } (milliseconds) }
// Rates are compared with a baseline measured in the same run (raw better-sqlite3, raw ws), never with
// bare times from another machine or another day.
//
// A benchmark reports, it does not test: a missed target is printed loudly but the exit code stays 0.
// Only a benchmark that cannot run at all (it throws) makes the exit code 1.
import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { ms, rate, table } from './lib/format.mjs'

/** The benchmarks, in the order they run. Add new files here. */
const benchmarks = ['message-throughput.mjs']

const filter = process.argv[2]
const selected = benchmarks.filter((file) => !filter || file.includes(filter))

function describeMachine() {
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('.', import.meta.url), encoding: 'utf8' }).trim()
  } catch {}
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  // The load average tells a reader whether something else was using the machine during the run.
  const load = loadavg().map((value) => value.toFixed(2)).join(' ')
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
    results.push(await benchmark.run({ log: (line) => console.log(line) }))
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
        rate(result.rate, result.unit),
        result.baseline,
        rate(result.baselineRate, result.baselineUnit ?? result.unit),
        `${result.ratio.toFixed(2)}x`,
        result.targets.map((target) => target.label).join(', '),
        result.targets.every((target) => target.met) ? 'pass' : 'MISS',
        result.latency ? ms(result.latency.p50) : '',
        result.latency ? ms(result.latency.p99) : '',
      ],
)
console.log(`\n${table(['benchmark', 'rate', 'baseline', 'baseline rate', 'ratio', 'target', 'result', 'p50 ack', 'p99 ack'], rows)}`)

const missed = results.flatMap((result) =>
  result.failed ? [] : result.targets.filter((target) => !target.met).map((target) => `${result.benchmark}: ${target.label}`),
)
if (missed.length > 0) {
  console.log(`\nMISSED TARGETS (${missed.length}):`)
  for (const line of missed) console.log(`  - ${line}`)
} else if (results.length > 0 && !process.exitCode) console.log('\nAll targets met.')
if (selected.length === 0) console.log(`no benchmark matches "${filter}"; the benchmarks are: ${benchmarks.join(', ')}`)
