// Message throughput through the whole path, next to a raw better-sqlite3 baseline measured in the same run.
//
// Whole path: the real server (buildApp from @porchlight/server, its Fastify + @fastify/websocket + ws
// gateway, frame validation, ConversationService, the MessageWriter's group commit through Kysely into
// SQLite with WAL and synchronous=FULL) on loopback; SOCKETS visitor sockets, each its own visitor and
// so its own conversation, each keeping WINDOW messages in flight. A message counts when its
// `message.ack` arrives, which the server sends only after the commit that holds the message returned.
//
// Raw baseline: better-sqlite3 alone, same pragmas, the same schema (copied from the database the server
// just wrote), inserting the same message rows the server stored, in transactions of the same sizes the
// server's group commit produced (replayed batch by batch from what the SQLite probe saw).
//
// Who runs where, on a 2-core machine: the server runs in the main thread, the load generator in a worker
// thread (bench/lib/visitor-load-worker.mjs). Running the client in the server's thread would make the
// server pay for the client's JSON and ws framing on its own event loop and halve what it can do; in a
// worker, the server has a whole event loop (one core) and the client has the other core. The raw
// baseline then runs alone in the main thread after the server and the client are gone: one core of
// work against one core of work. The kernel's loopback TCP and the fsyncs are charged to whichever
// thread makes the call, as they would be in production.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { int, percent, percentile } from './lib/format.mjs'
import { installSqliteProbe } from './lib/sqlite-probe.mjs'
import { integerFromEnv } from './lib/integer-from-env.mjs'

export const name = 'message throughput'

/** Sized for a 2-core machine: the whole benchmark takes about 10-20 s. Override with the variables. */
const config = {
  sockets: integerFromEnv('BENCH_SOCKETS', 200),
  /**
   * Messages in flight per socket. A widget sends one at a time; pipelining stands in for more visitors
   * and hides the loopback round trip. Note that the server handles one socket's frames strictly one
   * after the other (the next message enters the writer only once the previous one is acknowledged), so
   * today a commit carries at most one message per socket: the batch size is capped by SOCKETS, not by
   * SOCKETS x WINDOW. The rows-per-commit line of the output shows what happened.
   */
  window: integerFromEnv('BENCH_WINDOW', 10),
  /** Warm-up: the first message creates the conversation (a different path); then JIT and caches settle. */
  warmupPerSocket: integerFromEnv('BENCH_WARMUP', 25),
  /** The measured messages: 200 x 250 = 50,000. */
  measuredPerSocket: Math.max(1, Math.round(integerFromEnv('BENCH_MESSAGES', 50_000) / integerFromEnv('BENCH_SOCKETS', 200))),
}

/**
 * The server's rate limits per visitor and per address, raised so that they do not cap the benchmark
 * (every bench visitor comes from one address, and each writes as fast as it can).
 */
const rateLimits = { messagesPerSecond: 1_000_000, messageBurst: 1_000_000, newVisitorsPerMinute: 1_000_000, newVisitorBurst: 1_000_000 }
const socketLimits = { socketsPerAddress: 1_000_000 }

/** Used when the probe cannot see the server's commits (it would then have stopped using better-sqlite3). */
const fallbackBatch = 100

export const targets = { rate: 10_000, ratio: 0.25 }

const gc = () => globalThis.gc?.()

/** Sends one command to the load generator and waits for its reply. */
function commander(worker) {
  let waiting
  worker.on('message', (reply) => waiting?.(reply))
  worker.on('error', (error) => waiting?.({ ok: false, error: String(error?.stack ?? error) }))
  worker.on('exit', (code) => waiting?.({ ok: false, error: `load generator exited (${code})` }))
  return (command, timeoutMs = 120_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load generator: no answer to ${command.cmd} in ${timeoutMs} ms`)), timeoutMs)
      waiting = (reply) => {
        waiting = undefined
        clearTimeout(timer)
        reply.ok ? resolve(reply) : reject(new Error(`load generator: ${reply.error}`))
      }
      worker.postMessage(command)
    })
}

/**
 * The server under test: this repository's build, or another build given by BENCH_SERVER (the path of
 * its dist/index.js), to compare two versions with the same bench. The probe sees another build's
 * commits only if it loads the same better-sqlite3 (for example a copy of dist/ next to this
 * repository's node_modules).
 */
async function importServer() {
  const specifier = process.env.BENCH_SERVER ?? '@porchlight/server'
  try {
    return await import(specifier)
  } catch (error) {
    throw new Error(`cannot load ${specifier} (build it first: npm run build): ${error.message}`, { cause: error })
  }
}

/** Runs the whole path; returns what the client and the probe measured, and where the database is. */
async function wholePath(dir, log) {
  const { buildApp } = await importServer()
  // Any small file will do: the bench never asks for /widget.js, and it need not wait for the widget build.
  const widgetScript = join(dir, 'widget.js')
  writeFileSync(widgetScript, '/* bench */\n')
  const dataDir = join(dir, 'server')

  const probe = installSqliteProbe()
  let app
  let worker
  try {
    app = await buildApp(
      { dataDir, admin: { email: 'bench@localhost', password: 'bench-password' }, rateLimits, socketLimits, widgetScript },
      { logger: false },
    )
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address()

    worker = new Worker(new URL('./lib/visitor-load-worker.mjs', import.meta.url), {
      workerData: { url: `ws://127.0.0.1:${port}/ws/visitor`, sockets: config.sockets, window: config.window, site: 'default' },
    })
    const send = commander(worker)
    const connected = await send({ cmd: 'connect' })
    log(`  ${config.sockets} visitor sockets connected in ${Math.round(connected.ms)} ms`)
    const warm = await send({ cmd: 'phase', perSocket: config.warmupPerSocket, record: false })
    log(`  warm-up: ${int(warm.acks)} messages in ${Math.round(warm.elapsedMs)} ms`)

    gc()
    const cpuStart = process.cpuUsage()
    const eluStart = performance.eventLoopUtilization()
    probe.start()
    const measured = await send({ cmd: 'phase', perSocket: config.measuredPerSocket, record: true })
    probe.stop()
    const serverElu = performance.eventLoopUtilization(eluStart).utilization
    const cpu = process.cpuUsage(cpuStart)

    await send({ cmd: 'close' })
    await app.close()
    app = undefined
    return {
      measured,
      serverElu,
      // User + system CPU of both threads, in cores busy over the measured phase.
      coresBusy: (cpu.user + cpu.system) / 1000 / measured.elapsedMs,
      probe: { batches: probe.batches, prepared: probe.prepared, executed: probe.executed, commitMs: probe.commitMs },
      warmupRows: warm.acks,
      dbPath: join(dataDir, 'porchlight.sqlite'),
    }
  } finally {
    probe.stop()
    probe.uninstall()
    await worker?.terminate()
    await app?.close()
  }
}

/**
 * A fresh database with the server's schema, its sites, visitors, agents and conversations, and the
 * warm-up messages; returns it with the measured message rows (in the order the server inserted them).
 */
function rawDatabase(serverDbPath, path, measuredRows) {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.prepare('attach database ? as src').run(serverDbPath)
  // Tables, then indexes, in the order the migration created them; the unique constraints' automatic
  // indexes (sql is null) come with their tables, and Kysely's migration bookkeeping is left out.
  const schema = db
    .prepare(
      `select sql from src.sqlite_master
       where sql is not null and name not like 'sqlite_%' and name not like 'kysely_%' order by rowid`,
    )
    .pluck()
    .all()
  db.exec(schema.join(';\n'))
  const total = db.prepare('select count(*) from src.messages').pluck().get()
  const firstMeasured = total - measuredRows
  db.transaction(() => {
    for (const table of ['sites', 'agents', 'visitors', 'conversations']) db.exec(`insert into main.${table} select * from src.${table}`)
    db.prepare('insert into main.messages select * from src.messages order by rowid limit ?').run(firstMeasured)
  })()
  const rows = db.prepare('select * from src.messages order by rowid limit -1 offset ?').all(firstMeasured)
  db.exec('detach database src')
  db.pragma('wal_checkpoint(TRUNCATE)')
  return { db, rows }
}

/** Inserts `rows` in transactions of the sizes in `plan`; returns rows per second. */
function timedBatches(db, rows, plan, writeOne) {
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) writeOne(rows[i])
  })
  gc()
  const started = performance.now()
  let next = 0
  for (let i = 0; next < rows.length; i++) {
    const size = plan[i] ?? fallbackBatch
    batch(next, Math.min(rows.length, next + size))
    next += size
  }
  return rows.length / ((performance.now() - started) / 1000)
}

/** The raw insert loop: one prepared INSERT per row, nothing else. */
function rawInserts(serverDbPath, dir, measuredRows, plan) {
  const { db, rows } = rawDatabase(serverDbPath, join(dir, 'raw-insert.sqlite'), measuredRows)
  try {
    const insert = db.prepare(
      `insert into messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, created_at)
       values (@id, @conversation_id, @seq, @author, @sender_id, @author_name, @text, @client_id, @created_at)`,
    )
    return { rate: timedBatches(db, rows, plan, (row) => insert.run(row)), rows: rows.length }
  } finally {
    db.close()
  }
}

/**
 * For the diagnosis, not the ratio: the same four statements the server runs per message (find the
 * conversation, look for a duplicate client id, bump last_seq, insert), prepared once, same batching.
 * The gap between this and the whole path is what Kysely, the gateway and the sockets cost.
 */
function rawServerStatements(serverDbPath, dir, measuredRows, plan) {
  const { db, rows } = rawDatabase(serverDbPath, join(dir, 'raw-statements.sqlite'), measuredRows)
  try {
    const findConversation = db.prepare(
      'select id, visitor_id, status, assignee_id, last_seq from conversations where visitor_id = ? order by created_at desc',
    )
    const findDuplicate = db.prepare('select * from messages where conversation_id = ? and sender_id = ? and client_id = ?')
    const update = db.prepare('update conversations set last_seq = ?, status = ?, assignee_id = ?, updated_at = ? where id = ?')
    const insert = db.prepare(
      `insert into messages (id, conversation_id, seq, author, sender_id, author_name, text, client_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const rate = timedBatches(db, rows, plan, (row) => {
      const [conversation] = findConversation.all(row.sender_id)
      if (findDuplicate.all(conversation.id, row.sender_id, row.client_id).length > 0) throw new Error('unexpected duplicate')
      const seq = conversation.last_seq + 1
      update.run(seq, conversation.status, conversation.assignee_id, row.created_at, conversation.id)
      insert.run(row.id, conversation.id, seq, row.author, row.sender_id, row.author_name, row.text, row.client_id, row.created_at)
    })
    return { rate }
  } finally {
    db.close()
  }
}

/**
 * Runs the benchmark. `log` prints progress and details. Returns one row of the summary table.
 */
export async function run({ log = console.log } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'porchlight-bench-'))
  try {
    const total = config.sockets * config.measuredPerSocket
    log(
      `  ${config.sockets} sockets x ${config.window} in flight, ${int(total)} measured messages after ` +
        `${int(config.sockets * config.warmupPerSocket)} warm-up; server rate limit raised to ` +
        `${int(rateLimits.messagesPerSecond)} msg/s per visitor (burst ${int(rateLimits.messageBurst)}) for the bench`,
    )
    const whole = await wholePath(dir, log)
    const { measured, probe } = whole
    const wholeRate = measured.acks / (measured.elapsedMs / 1000)
    const failed = Object.entries(measured.errors)
    if (failed.length > 0) log(`  ! error answers instead of acks: ${failed.map(([code, n]) => `${code} x${n}`).join(', ')}`)
    if (measured.outOfOrder > 0) log(`  ! ${measured.outOfOrder} acks arrived out of order`)

    const committedRows = probe.batches.reduce((sum, size) => sum + size, 0)
    const batchesSeen = probe.batches.length > 0
    const meanBatch = batchesSeen ? committedRows / probe.batches.length : fallbackBatch
    const sortedBatches = Float64Array.from(probe.batches).sort()
    if (batchesSeen) {
      log(
        `  server: ${int(probe.batches.length)} commits for ${int(committedRows)} rows, ` +
          `${meanBatch.toFixed(1)} rows per commit on average (p50 ${percentile(sortedBatches, 50)}, ` +
          `max ${sortedBatches.at(-1)}); per message ${(probe.executed / committedRows).toFixed(2)} statements executed, ` +
          `${(probe.prepared / committedRows).toFixed(2)} prepared; ` +
          `commits (fsync) took ${percent(probe.commitMs / measured.elapsedMs)} of the time`,
      )
    } else log(`  ! the probe saw no commits: the raw baseline uses ${fallbackBatch} rows per transaction instead`)
    log(
      // better-sqlite3 is synchronous: time blocked in a commit's fsync counts as busy event loop.
      `  server event loop busy ${percent(whole.serverElu)} (fsync included), client event loop busy ` +
        `${percent(measured.clientEventLoopUtilization)}, process CPU ${whole.coresBusy.toFixed(2)} cores of 2`,
    )

    const plan = batchesSeen ? probe.batches : []
    const raw = rawInserts(whole.dbPath, dir, measured.acks, plan)
    const statements = rawServerStatements(whole.dbPath, dir, measured.acks, plan)
    log(
      `  raw better-sqlite3: ${int(raw.rate)} rows/s inserting the same ${int(raw.rows)} rows in the server's batches ` +
        `(${batchesSeen ? 'replayed commit by commit' : `${fallbackBatch} per transaction`})`,
    )
    log(
      `  raw better-sqlite3 with the server's 4 statements per message, prepared once: ${int(statements.rate)} msg/s ` +
        `(the whole path reaches ${percent(wholeRate / statements.rate)} of it)`,
    )

    const latencies = measured.latencies
    log(
      `  ack latency (send to ack, ${config.window} in flight per socket): p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms`,
    )
    const ratio = wholeRate / raw.rate
    return {
      benchmark: 'message throughput (whole path, durable ack)',
      unit: 'msg/s',
      baselineUnit: 'rows/s',
      rate: wholeRate,
      baseline: 'raw better-sqlite3 inserts',
      baselineRate: raw.rate,
      ratio,
      targets: [
        { label: `>= ${int(targets.rate)} msg/s`, met: wholeRate >= targets.rate },
        { label: `>= ${targets.ratio} x raw`, met: ratio >= targets.ratio },
      ],
      latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
