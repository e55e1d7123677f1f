// Conversation search (`GET /api/conversations?q=`) on a large history, next to a raw better-sqlite3
// baseline measured in the same run on the same database.
//
// Whole path: the real server (buildApp from @porchlight/server) over HTTP with an agent cookie, on a
// database of BENCH_CONVERSATIONS conversations with BENCH_MESSAGES_PER messages each (written straight
// into the migrated schema, so that building the history takes seconds). Each query is asked
// BENCH_QUERIES times: a rare word (a few conversations match, so the whole history is read), a common
// word (the answer's limit is reached) and a piece of an email address.
//
// Raw baseline: `SELECT DISTINCT conversation_id FROM messages WHERE text LIKE ?` with better-sqlite3
// alone: one pass over every message, the least a search without a full-text index can do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { percentile } from './lib/format.mjs'
import { integerFromEnv } from './lib/integer-from-env.mjs'

export const name = 'conversation search'

const config = {
  conversations: integerFromEnv('BENCH_CONVERSATIONS', 10_000),
  messagesPer: integerFromEnv('BENCH_MESSAGES_PER', 10),
  queries: integerFromEnv('BENCH_QUERIES', 20),
}
/** The answer to wait for at most, per search of this size: a pause in typing is about 300 ms. */
const targetP50 = 150
const admin = { email: 'bench@localhost', password: 'bench-password' }
const words = ['invoice', 'refund', 'shipping', 'password', 'login', 'order', 'delivery', 'account', 'price', 'help']

/** Writes the history straight into the database the server migrated. */
function writeHistory(file) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  const now = Date.now()
  const visitor = db.prepare(
    'INSERT INTO visitors (id, site_id, token_hash, name, email, created_at, presence_state, presence_reason, presence_since, widget_open) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
  )
  const conversation = db.prepare(
    'INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at, session_state, session_since, last_visitor_message_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const message = db.prepare(
    'INSERT INTO messages (id, conversation_id, seq, author, sender_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  db.transaction(() => {
    for (let c = 0; c < config.conversations; c++) {
      const at = now - (config.conversations - c) * 60_000
      visitor.run(`v${c}`, 'default', `t${c}`, `Visitor ${c}`, `person${c}@example${c % 100}.com`, at, 'offline', 'page_closed', at)
      conversation.run(`c${c}`, 'default', `v${c}`, c % 3 === 0 ? 'finished' : 'active', config.messagesPer, at, at, 'inactive', at, at)
      for (let m = 1; m <= config.messagesPer; m++) {
        const author = m % 2 === 1 ? 'visitor' : 'agent'
        const text = `Hello, this is message ${m} about my ${words[(c + m) % words.length]} number ${c * 31 + m}, could you have a look please?`
        message.run(`c${c}-m${m}`, `c${c}`, m, author, author === 'visitor' ? `v${c}` : null, text, at + m * 1000)
      }
    }
    // One rare word, in three conversations.
    message.run('rare-1', 'c10', config.messagesPer + 1, 'visitor', 'v10', 'the parcel is lost: zeppelin', now)
    for (const c of [10, 5000 % config.conversations, config.conversations - 1])
      db.prepare('UPDATE messages SET text = ? WHERE id = ?').run('my zeppelin order', `c${c}-m1`)
  })()
  db.close()
}

async function time(fn) {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

export async function run({ log }) {
  const { buildApp } = await import(process.env.BENCH_SERVER ?? '@porchlight/server')
  const dir = mkdtempSync(join(tmpdir(), 'porchlight-bench-search-'))
  try {
    const widgetScript = join(dir, 'widget.js')
    writeFileSync(widgetScript, '/* bench */\n')
    const dataDir = join(dir, 'server')
    const options = { dataDir, admin, widgetScript, rateLimits: { loginAttemptsPerMinute: 1_000 } }
    // A first start migrates the schema; the history goes in while no server runs.
    await (await buildApp(options, { logger: false })).close()
    const file = join(dataDir, 'porchlight.sqlite')
    const built = await time(() => writeHistory(file))
    log(`  ${config.conversations} conversations, ${config.conversations * config.messagesPer} messages written in ${Math.round(built)} ms`)

    const app = await buildApp(options, { logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const url = `http://127.0.0.1:${app.server.address().port}`
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    })
    const cookie = login.headers.getSetCookie()[0].split(';')[0]
    const raw = new Database(file, { readonly: true })
    const scan = raw.prepare('SELECT DISTINCT conversation_id FROM messages WHERE text LIKE ?')
    const rows = []
    try {
      for (const q of ['zeppelin', 'refund', 'example42.']) {
        const server = []
        const baseline = []
        let found = 0
        for (let i = 0; i < config.queries + 2; i++) {
          let answer
          const took = await time(async () => {
            answer = await (await fetch(`${url}/api/conversations?q=${encodeURIComponent(q)}&limit=100`, { headers: { cookie } })).json()
          })
          const floor = await time(() => scan.all(`%${q}%`))
          // The first two of each are warm-up (page cache, JIT).
          if (i >= 2) server.push(took)
          if (i >= 2) baseline.push(floor)
          found = answer.conversations.length
        }
        server.sort((a, b) => a - b)
        baseline.sort((a, b) => a - b)
        const p50 = percentile(server, 50)
        const baselineP50 = percentile(baseline, 50)
        log(`  q=${q}: ${found} conversations answered, p50 ${p50.toFixed(1)} ms (raw scan ${baselineP50.toFixed(1)} ms)`)
        rows.push({
          benchmark: `${name} "${q}"`,
          value: `p50 ${p50.toFixed(1)} ms`,
          baseline: 'raw LIKE scan',
          baselineValue: `p50 ${baselineP50.toFixed(1)} ms`,
          ratio: p50 / baselineP50,
          targets: [{ label: `p50 < ${targetP50} ms on ${config.conversations} conversations`, met: p50 < targetP50 }],
          latency: { p50, p99: percentile(server, 99) },
        })
      }
    } finally {
      raw.close()
      await app.close()
    }
    return rows
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
