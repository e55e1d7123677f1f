// The load generator: many visitor sockets, run in a worker thread so that the server keeps the main
// thread's event loop to itself (see message-throughput.mjs for why). The main thread drives it with
// one command at a time and gets one reply per command:
//
//   { cmd: 'connect' }                          -> { ok: true, ms }            open every socket, hello -> welcome
//   { cmd: 'phase', perSocket, record }         -> { ok: true, elapsedMs, ... } each socket sends perSocket messages
//   { cmd: 'close' }                            -> { ok: true }                close every socket (then the worker exits)
//
// A failure answers { ok: false, error }.
//
// Each socket keeps up to `window` messages in flight: it sends the next one as soon as an ack comes
// back. The server handles one socket's frames in order, so acks come back in the order of the sends,
// and the send time of the oldest unacknowledged message is the one an ack belongs to.
import { performance } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import WebSocket from 'ws'

const { url, sockets, window, site } = workerData

/** A message of a typical length (about 80 characters); `n` keeps the rows distinct. */
const frameFor = (clientId, n) =>
  `{"type":"message.send","clientId":"${clientId}","text":"Hi! I ordered the blue lamp last week (order ${n}) and it has not arrived yet."}`

class Visitor {
  sent = 0
  acked = 0
  target = 0
  /** Send times of the messages in flight, indexed by message number modulo the window. */
  sentAt = new Float64Array(window)
  phase = undefined

  constructor(index) {
    this.index = index
    this.prefix = `v${index}-`
  }

  connect() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false })
      this.ws = ws
      const fail = (error) => reject(new Error(`socket ${this.index}: ${error}`))
      ws.once('error', (error) => fail(error.message))
      ws.once('close', (code, reason) => {
        const message = `closed ${code} ${reason}`
        this.phase ? this.phase.fail(`socket ${this.index} ${message}`) : fail(message)
      })
      ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', site })))
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString())
        if (frame.type === 'welcome') resolve()
        else this.#frame(frame)
      })
    })
  }

  start(phase, count) {
    this.phase = phase
    this.target = this.sent + count
    while (this.sent < this.target && this.sent - this.acked < window) this.#send()
  }

  #send() {
    const n = this.sent++
    this.sentAt[n % window] = performance.now()
    this.ws.send(frameFor(this.prefix + n, n))
  }

  #frame(frame) {
    const phase = this.phase
    if (frame.type !== 'message.ack' && frame.type !== 'error') return // nothing else is expected here
    if (!phase) return
    if (frame.type === 'error' && frame.clientId === undefined) return phase.fail(`error frame: ${frame.code} ${frame.message}`)
    const n = this.acked++
    if (frame.clientId !== this.prefix + n) phase.outOfOrder++
    if (frame.type === 'error') phase.errors.set(frame.code, (phase.errors.get(frame.code) ?? 0) + 1)
    else phase.ack(performance.now() - this.sentAt[n % window])
    if (this.sent < this.target) this.#send()
    else if (this.acked === this.target) phase.visitorDone()
  }

  close() {
    return new Promise((resolve) => {
      this.phase = undefined
      if (this.ws.readyState === WebSocket.CLOSED) return resolve()
      this.ws.removeAllListeners('close')
      this.ws.once('close', () => resolve())
      this.ws.close(1000, 'bench done')
    })
  }
}

const visitors = Array.from({ length: sockets }, (_, index) => new Visitor(index))

function runPhase(perSocket, record) {
  return new Promise((resolve, reject) => {
    const latencies = record ? new Float64Array(perSocket * sockets) : undefined
    let acks = 0
    let remaining = visitors.length
    let settled = false
    const eluStart = performance.eventLoopUtilization()
    const started = performance.now()
    const phase = {
      errors: new Map(),
      outOfOrder: 0,
      ack(latency) {
        if (latencies) latencies[acks] = latency
        acks++
      },
      visitorDone() {
        if (--remaining > 0 || settled) return
        settled = true
        const elapsedMs = performance.now() - started
        const elu = performance.eventLoopUtilization(eluStart).utilization
        const sorted = latencies?.subarray(0, acks).sort()
        resolve({
          ok: true,
          elapsedMs,
          acks,
          errors: Object.fromEntries(phase.errors),
          outOfOrder: phase.outOfOrder,
          clientEventLoopUtilization: elu,
          latencies: sorted,
        })
      },
      fail(reason) {
        if (settled) return
        settled = true
        reject(new Error(`${reason} after ${acks} acks`))
      },
    }
    for (const visitor of visitors) visitor.start(phase, perSocket)
  })
}

const commands = {
  async connect() {
    const started = performance.now()
    await Promise.all(visitors.map((visitor) => visitor.connect()))
    return { ok: true, ms: performance.now() - started }
  },
  async phase({ perSocket, record }) {
    return runPhase(perSocket, record)
  },
  async close() {
    await Promise.all(visitors.map((visitor) => visitor.close()))
    return { ok: true }
  },
}

parentPort.on('message', async (command) => {
  try {
    const reply = await commands[command.cmd](command)
    // The sorted latencies go back without a copy.
    parentPort.postMessage(reply, reply.latencies ? [reply.latencies.buffer] : [])
    if (command.cmd === 'close') parentPort.close()
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) })
  }
})
