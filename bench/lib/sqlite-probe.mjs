// Watches the server's SQLite traffic from the outside, without touching packages/: it wraps the methods
// of better-sqlite3's Database and Statement prototypes that every driver on top of it (Kysely's SQLite
// dialect today) ends up calling. From that it learns:
//   - how many message rows each commit carried: the group commit's batch sizes, which the raw baseline
//     replays commit by commit;
//   - how long the commits themselves took (the WAL write, the fsync and any automatic checkpoint);
//   - how many statements were prepared and executed per message (Kysely's driver prepares every query
//     afresh, so today both are about 4 per message).
// It watches statement executions, not preparations, so that it keeps working if the server starts
// caching prepared statements.
//
// Cost while active: one wrapper call and a Map lookup per statement executed, next to the statement's
// own work; inactive, one boolean check. It sees the server only when the server runs in this thread
// (the bench's load generator runs in a worker).
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'

/** What a statement is, from its SQL; cached per distinct SQL string. */
const kinds = new Map()
function kindOf(source) {
  let kind = kinds.get(source)
  if (kind === undefined) {
    const text = source.trimStart().toLowerCase()
    kind = /^(begin|savepoint)\b/.test(text)
      ? 'begin'
      : /^(commit|end|release)\b/.test(text)
        ? 'commit'
        : /^rollback\b/.test(text) && !/^rollback\s+(transaction\s+)?to\b/.test(text)
          ? 'rollback'
          : /^insert\s+(or\s+\w+\s+)?into\s+["`]?messages["`]?[\s(]/.test(text)
            ? 'message'
            : 'other'
    kinds.set(source, kind)
  }
  return kind
}

/**
 * Installs the probe. Call `start()` and `stop()` around the measured phase, `uninstall()` at the end.
 * Outside start/stop it only forwards calls.
 */
export function installSqliteProbe() {
  const databasePrototype = Database.prototype
  const scratch = new Database(':memory:')
  const statementPrototype = Object.getPrototypeOf(scratch.prepare('select 1'))
  scratch.close()
  const originals = {
    prepare: databasePrototype.prepare,
    run: statementPrototype.run,
    get: statementPrototype.get,
    all: statementPrototype.all,
  }

  const probe = {
    active: false,
    /** Message rows per committed transaction, in commit order. */
    batches: [],
    /** Statements prepared and executed while active. */
    prepared: 0,
    executed: 0,
    /** Time spent inside `commit` (WAL write, fsync, automatic checkpoint), milliseconds. */
    commitMs: 0,
    depth: 0,
    rowsInTransaction: 0,
    start() {
      this.active = true
    },
    stop() {
      this.active = false
    },
    uninstall() {
      databasePrototype.prepare = originals.prepare
      Object.assign(statementPrototype, { run: originals.run, get: originals.get, all: originals.all })
    },
  }

  databasePrototype.prepare = function prepare(...args) {
    if (probe.active) probe.prepared++
    return originals.prepare.apply(this, args)
  }
  statementPrototype.get = function get(...args) {
    if (probe.active) probe.executed++
    return originals.get.apply(this, args)
  }
  statementPrototype.all = function all(...args) {
    if (probe.active) probe.executed++
    return originals.all.apply(this, args)
  }
  // Writes, `begin` and `commit` all go through `run`.
  statementPrototype.run = function run(...args) {
    if (!probe.active) return originals.run.apply(this, args)
    probe.executed++
    switch (kindOf(this.source)) {
      case 'begin':
        if (probe.depth++ === 0) probe.rowsInTransaction = 0
        return originals.run.apply(this, args)
      case 'message':
        probe.rowsInTransaction++
        return originals.run.apply(this, args)
      case 'rollback':
        probe.depth = 0
        return originals.run.apply(this, args)
      case 'commit': {
        const started = performance.now()
        try {
          return originals.run.apply(this, args)
        } finally {
          probe.commitMs += performance.now() - started
          if (probe.depth > 0 && --probe.depth === 0) probe.batches.push(probe.rowsInTransaction)
        }
      }
      default:
        return originals.run.apply(this, args)
    }
  }
  return probe
}
