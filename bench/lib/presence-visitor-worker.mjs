// The visitors of bench/presence.mjs: many widget-like sockets in a worker thread, driven by the main
// thread with one command at a time and one reply per command:
//
//   { cmd: 'connect', url, count, hello, concurrency } -> { ok, ms, visitorIds }   opens `count` more sockets
//       (`hello`: the widget's handshake, each waits for its `welcome`; without it a bare idle socket)
//   { cmd: 'churn', perSecond, seconds }               -> { ok, flips, pingTimes, stats }   paced flips
//   { cmd: 'close' }                                    -> { ok }   terminates every socket (the worker ends)
//
// A failure answers { ok: false, error }.
//
// Each visitor behaves like the widget in a tab: it says hello with its signals (every other one visible
// and focused, the rest hidden; panel closed, not idle), sends a `signals` frame when its visibility
// changes, and answers every application `ping` with a `pong` carrying its current signals (ws answers
// the protocol pings by itself).
//
// Churn: `perSecond` flips per second, paced every few milliseconds by elapsed time (a late timer sends
// the flips it owes). A flip picks a random visitor that has no flip in flight and toggles its visibility.
// A flip is in flight until the visitor's own socket receives the `presence` frame that the flip calls for,
// so a visitor never has two. Each flip's send time is taken with process.hrtime, the monotonic clock that
// every thread of the process shares: the main thread times the agent socket's `presence.changed` with
// the same clock.
import { parentPort } from 'node:worker_threads'
import WebSocket from 'ws'

/** Milliseconds on the monotonic clock shared by every thread of the process. */
const now = () => {
  const [seconds, nanoseconds] = process.hrtime()
  return seconds * 1e3 + nanoseconds / 1e6
}

class Visitor {
  ws = undefined
  visitorId = undefined
  visible
  /** The flip in flight: the presence state it calls for ('online' or 'away'), or undefined. */
  expecting = undefined

  constructor(index, run) {
    this.index = index
    this.run = run
    // Half the tabs start hidden, so that the churn flips as many one way as the other from the start.
    this.visible = index % 2 === 0
  }

  signals() {
    return `"visible":${this.visible},"focused":${this.visible},"widgetOpen":false,"idle":false`
  }

  connect(url, hello) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false })
      this.ws = ws
      let settled = false
      const fail = (reason) => {
        if (settled) return
        settled = true
        reject(new Error(`socket ${this.index}: ${reason}`))
      }
      ws.once('error', (error) => fail(error.message))
      ws.once('close', (code, reason) => {
        if (!settled) return fail(`closed ${code} ${reason}`)
        this.run.closed.set(code, (this.run.closed.get(code) ?? 0) + 1)
      })
      ws.once('open', () => {
        if (!hello) {
          settled = true
          return resolve()
        }
        ws.send(`{"type":"hello","site":"default","signals":{${this.signals()}}}`)
      })
      if (!hello) return
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString())
        if (frame.type === 'welcome') {
          this.visitorId = frame.visitorId
          settled = true
          resolve()
        } else this.#frame(frame)
      })
    })
  }

  flip() {
    this.visible = !this.visible
    this.expecting = this.visible ? 'online' : 'away'
    const sentAt = now()
    this.ws.send(`{"type":"signals",${this.signals()}}`)
    this.run.record(this.index, sentAt, this.visible)
  }

  #frame(frame) {
    const run = this.run
    switch (frame.type) {
      case 'ping':
        run.pings++
        if (run.churning) run.pingTimes.push(now())
        this.ws.send(`{"type":"pong",${this.signals()}}`)
        return
      case 'presence':
        if (this.expecting !== undefined && frame.presence.state === this.expecting) {
          this.expecting = undefined
          run.inFlight--
        } else if (run.churning) run.otherPresence.set(frame.presence.reason, (run.otherPresence.get(frame.presence.reason) ?? 0) + 1)
        return
      case 'error':
        run.errors.set(frame.code, (run.errors.get(frame.code) ?? 0) + 1)
        return
    }
  }
}

const run = {
  churning: false,
  pings: 0,
  /** When each application ping arrived, during the churn (to tell the heartbeat rounds). */
  pingTimes: [],
  inFlight: 0,
  errors: new Map(),
  closed: new Map(),
  otherPresence: new Map(),
  flipVisitor: new Int32Array(0),
  flipSentAt: new Float64Array(0),
  flipToVisible: new Uint8Array(0),
  flips: 0,
  record(index, sentAt, toVisible) {
    if (this.flips === this.flipVisitor.length) {
      const grow = (array) => {
        const bigger = new array.constructor(Math.max(1024, array.length * 2))
        bigger.set(array)
        return bigger
      }
      this.flipVisitor = grow(this.flipVisitor)
      this.flipSentAt = grow(this.flipSentAt)
      this.flipToVisible = grow(this.flipToVisible)
    }
    this.flipVisitor[this.flips] = index
    this.flipSentAt[this.flips] = sentAt
    this.flipToVisible[this.flips] = toVisible ? 1 : 0
    this.flips++
    this.inFlight++
  },
}

const visitors = []

/** Opens `count` more sockets, at most `concurrency` handshakes at a time (the listen backlog is finite). */
async function connect({ url, count, hello, concurrency }) {
  const started = now()
  const first = visitors.length
  for (let i = 0; i < count; i++) visitors.push(new Visitor(first + i, run))
  let next = first
  const lane = async () => {
    while (next < visitors.length) await visitors[next++].connect(url, hello)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane))
  return { ms: now() - started, visitorIds: hello ? visitors.slice(first).map((visitor) => visitor.visitorId) : [] }
}

function pickVisitor() {
  // Few visitors have a flip in flight, so a handful of random tries finds a free one.
  for (let tries = 0; tries < 32; tries++) {
    const visitor = visitors[Math.floor(Math.random() * visitors.length)]
    if (visitor.expecting === undefined && visitor.ws.readyState === WebSocket.OPEN) return visitor
  }
  return undefined
}

function churn({ perSecond, seconds, drainMs = 5_000 }) {
  return new Promise((resolve) => {
    run.churning = true
    const pingsBefore = run.pings
    const started = now()
    let sent = 0
    let skipped = 0
    const finish = () => {
      run.churning = false
      resolve({
        flips: {
          visitor: run.flipVisitor.slice(0, run.flips),
          sentAt: run.flipSentAt.slice(0, run.flips),
          toVisible: run.flipToVisible.slice(0, run.flips),
        },
        pingTimes: Float64Array.from(run.pingTimes),
        stats: {
          elapsedMs: now() - started,
          skipped,
          unsettled: run.inFlight,
          pings: run.pings - pingsBefore,
          errors: Object.fromEntries(run.errors),
          closed: Object.fromEntries(run.closed),
          otherPresence: Object.fromEntries(run.otherPresence),
        },
      })
    }
    const timer = setInterval(() => {
      const elapsed = now() - started
      const due = Math.min(perSecond * seconds, Math.floor((elapsed / 1000) * perSecond))
      while (sent < due) {
        sent++
        const visitor = pickVisitor()
        if (visitor) visitor.flip()
        else skipped++
      }
      if (elapsed >= seconds * 1000) {
        clearInterval(timer)
        // Waits for the last flips' presence frames (an away change comes after the `awayAfter` debounce).
        const drainStarted = now()
        const drain = setInterval(() => {
          if (run.inFlight > 0 && now() - drainStarted < drainMs) return
          clearInterval(drain)
          finish()
        }, 5)
      }
    }, 5)
  })
}

const commands = {
  connect,
  churn: async (command) => churn(command),
  async close() {
    for (const visitor of visitors) {
      visitor.ws?.removeAllListeners('close')
      visitor.ws?.terminate()
    }
    visitors.length = 0
    return {}
  },
}

parentPort.on('message', async (command) => {
  try {
    const reply = { ok: true, ...(await commands[command.cmd](command)) }
    const transfer = reply.flips
      ? [reply.flips.visitor.buffer, reply.flips.sentAt.buffer, reply.flips.toVisible.buffer, reply.pingTimes.buffer]
      : []
    parentPort.postMessage(reply, transfer)
    if (command.cmd === 'close') parentPort.close()
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) })
  }
})
