import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectVisitor, type FrameSocket } from './support/frame-socket.js'
import { manualClock } from './support/manual-clock.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

const second = 1000
const minute = 60 * second
const hour = 60 * minute
/** The start of the history: the server's clock stands still between the moments the test sets. */
const t0 = Date.UTC(2026, 0, 5, 8)

let server: TestServer
let cookie: string
let clock: ReturnType<typeof manualClock>
let elapsed: number
beforeEach(async () => {
  clock = manualClock(t0)
  elapsed = 0
  server = await startServer({ clock: clock.now })
  cookie = await login(server.url)
})
afterEach(async () => {
  await server.close()
})

/** Moves the server's clock to `t0 + offset`. */
function at(offset: number): void {
  expect(offset).toBeGreaterThanOrEqual(elapsed)
  clock.advance(offset - elapsed)
  elapsed = offset
}

describe('GET /api/analytics', () => {
  it('counts a constructed history exactly, the window open at its start and closed at its end', async () => {
    const visitors = new Map<string, { socket: FrameSocket; conversationId?: string }>()
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) visitors.set(name, { socket: (await connectVisitor(server.wsUrl)).visitor })
    const visitorWrites = async (name: string, offset: number) => {
      at(offset)
      const visitor = visitors.get(name)!
      visitor.socket.send({ type: 'message.send', clientId: `m${offset}`, text: `${name} at ${offset}` })
      visitor.conversationId = (await visitor.socket.next('message.ack')).conversationId
    }
    const conversation = (name: string) => `/api/conversations/${visitors.get(name)!.conversationId}`
    const agentReplies = async (name: string, offset: number) => {
      at(offset)
      expect((await api(server.url, cookie, `${conversation(name)}/messages`, { method: 'POST', body: { text: 'reply' } })).status).toBe(
        201,
      )
    }
    const agentFinishes = async (name: string, offset: number) => {
      at(offset)
      expect((await api(server.url, cookie, `${conversation(name)}/finish`, { method: 'POST' })).status).toBe(200)
    }

    // A: started before the 24-hour window, asked again in it (two messages, one turn), answered 40 s later, finished 8 h after it began.
    await visitorWrites('A', 0)
    await agentReplies('A', 1 * hour)
    // D: all of it before the 24-hour window.
    await visitorWrites('D', 1 * hour)
    await agentReplies('D', 1 * hour + 10 * second)
    await agentFinishes('D', 2 * hour)
    // E: answered and finished before the window, reopened in it and not answered since.
    await visitorWrites('E', 3 * hour)
    await agentReplies('E', 3 * hour + minute)
    await agentFinishes('E', 4 * hour)
    // B: its first message exactly at the 24-hour window's start (outside), answered inside; a turn in the window.
    await visitorWrites('B', 6 * hour)
    await agentReplies('B', 6 * hour + 20 * second)
    await visitorWrites('A', 7 * hour)
    await visitorWrites('A', 7 * hour + 10 * second)
    await agentReplies('A', 7 * hour + 40 * second)
    await agentFinishes('A', 8 * hour)
    await visitorWrites('B', 10 * hour)
    await agentReplies('B', 10 * hour + 2 * minute)
    // C: asked, never answered.
    await visitorWrites('C', 12 * hour)
    await visitorWrites('E', 20 * hour)
    // F: begun, answered in 50 s and finished within an hour, all in the window.
    await visitorWrites('F', 25 * hour)
    await agentReplies('F', 25 * hour + 50 * second)
    await agentFinishes('F', 26 * hour)
    at(30 * hour)

    const analytics = async (query: string) => api(server.url, cookie, `/api/analytics${query}`)
    // The last 24 hours: (t0 + 6 h, t0 + 30 h].
    const day = {
      from: new Date(t0 + 6 * hour).toISOString(),
      to: new Date(t0 + 30 * hour).toISOString(),
      hours: 24,
      finished: 2, // A and F (D before the window, E reopened)
      active: 3, // B active; C and E unanswered
      answered: 3, // A, B and F
      averageResponseMs: (40 * second + 2 * minute + 50 * second) / 3, // A at 7 h, B at 10 h, F; not B at 6 h (outside), nor C or E (unanswered)
      averageHandlingMs: (8 * hour + 1 * hour) / 2,
    }
    expect(await analytics('?hours=24')).toMatchObject({ status: 200, body: day })
    expect((await analytics('')).body).toEqual(day)
    expect(day.averageResponseMs).toBe(70_000)

    // The last 30 hours: (t0, t0 + 30 h]; A's first message, exactly at t0, is outside.
    expect((await analytics('?hours=30')).body).toEqual({
      from: new Date(t0).toISOString(),
      to: new Date(t0 + 30 * hour).toISOString(),
      hours: 30,
      finished: 3, // D, A, F
      active: 3,
      answered: 5, // A, D, E, B, F
      // D 10 s, E 1 min, B at 6 h 20 s, A at 7 h 40 s, B at 10 h 2 min, F 50 s.
      averageResponseMs: (10 * second + minute + 20 * second + 40 * second + 2 * minute + 50 * second) / 6,
      averageHandlingMs: (1 * hour + 8 * hour + 1 * hour) / 3,
    })

    // The last hour saw nothing.
    expect((await analytics('?hours=1')).body).toMatchObject({
      finished: 0,
      active: 0,
      answered: 0,
      averageResponseMs: null,
      averageHandlingMs: null,
    })
    for (const { socket } of visitors.values()) socket.close()
  })

  it.each(['0', '-1', '721', 'day'])('refuses hours=%s with 400 bad_request', async (hours) => {
    expect(await api(server.url, cookie, `/api/analytics?hours=${hours}`)).toMatchObject({ status: 400, body: { code: 'bad_request' } })
  })
})
