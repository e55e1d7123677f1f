import { join } from 'node:path'
import { errors } from '@porchlight/protocol'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { connectAgent } from './support/frame-socket.js'
import { protocolPings } from './support/protocol-pings.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

let server: TestServer
afterEach(async () => {
  await server?.close()
})

async function agentSocket(cookie: string) {
  const agent = await connectAgent(server.wsUrl, cookie)
  return agent
}

const sessionEnded = { code: errors.session_ended.close, reason: 'session_ended' }

describe('an agent socket lasts no longer than its session', () => {
  it('closes with session_ended at once when its agent signs out', async () => {
    // A heartbeat far longer than the test: the socket cannot be waiting for the next round's check.
    server = await startServer({ timings: { heartbeatInterval: 60_000 } })
    const cookie = await login(server.url)
    const other = await agentSocket(await login(server.url))
    const agent = await agentSocket(cookie)
    expect((await api(server.url, cookie, '/api/auth/logout', { method: 'POST' })).status).toBe(204)
    expect(await agent.closed).toEqual(sessionEnded)
    // Another session of the same agent is not signed out with it.
    other.send({ type: 'nothing' })
    expect((await other.next('error')).code).toBe('unknown_frame_type')
    other.close()
  })

  it('closes with session_ended when its session expires', async () => {
    server = await startServer({ timings: { heartbeatInterval: 250, agentSessionTtl: 1_000 } })
    const agent = await agentSocket(await login(server.url))
    const closed = await agent.closed
    expect(closed).toEqual(sessionEnded)
  })

  it('closes with session_ended when its session is revoked behind the server’s back', async () => {
    server = await startServer({ timings: { heartbeatInterval: 250 } })
    const agent = await agentSocket(await login(server.url))
    // What a password reset from another process, or another server node, does: the session row goes.
    const database = new SQLite(join(server.dataDir, 'porchlight.sqlite'))
    database.exec('DELETE FROM agent_sessions')
    database.close()
    expect(await agent.closed).toEqual(sessionEnded)
  })
})

describe('an agent socket hears from the server every heartbeat round', () => {
  it('opens with welcome and the heartbeat interval, then gets a ping frame each round without answering', async () => {
    const heartbeatInterval = 100
    server = await startServer({ timings: { heartbeatInterval } })
    const agent = await agentSocket(await login(server.url))
    // In wire order: P for a round's protocol ping, F for a ping frame.
    const heard: string[] = []
    agent.socket.on('ping', () => heard.push('P'))
    agent.socket.on('message', (data: Buffer) => JSON.parse(String(data)).type === 'ping' && heard.push('F'))
    await protocolPings(agent, 4)
    await agent.barrier()
    expect(agent.frames[0]).toEqual({ type: 'welcome', heartbeatInterval })
    expect(agent.received('ping')[0]).toEqual({ type: 'ping' })
    // Every round's protocol ping has its ping frame right behind it (a round may have begun before the
    // listeners, or be halfway through the wire now), and the rounds go on although the socket never
    // answers a ping frame: an inbox need not.
    expect(heard.join('')).toMatch(/^F?(PF){3,}P?$/)
    expect(agent.socket.readyState).toBe(agent.socket.OPEN)
    agent.close()
  })
})
