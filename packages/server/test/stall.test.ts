import { afterEach, describe, expect, it } from 'vitest'
import { connectAgent, connectVisitor } from './support/frame-socket.js'
import { protocolPings } from './support/protocol-pings.js'
import { startServerProcess, type ServerProcess } from './support/server-process.js'
import { api, login } from './support/start-server.js'

const heartbeatInterval = 250

let server: ServerProcess | undefined
afterEach(async () => {
  await server?.close()
})

describe('a server that stalls', () => {
  it('keeps every visitor and agent socket that answered through a stall of 2.5 heartbeat intervals', async () => {
    server = await startServerProcess({ timings: { heartbeatInterval, offlineGrace: 600, awayAfter: 400 } })
    const cookie = await login(server.url)
    const agent = await connectAgent(server.wsUrl, cookie)
    const visitors = await Promise.all(Array.from({ length: 20 }, () => connectVisitor(server!.wsUrl)))
    for (const { visitor } of visitors) visitor.send({ type: 'message.send', clientId: 'hi', text: 'hi' })
    for (const { visitor } of visitors) await visitor.next('message.ack')
    // Every socket is in the heartbeat and has answered a round.
    await Promise.all([...visitors.map(({ visitor }) => protocolPings(visitor, 1)), protocolPings(agent, 1)])

    server.process.kill('SIGSTOP')
    await new Promise((resolve) => setTimeout(resolve, 2.5 * heartbeatInterval))
    server.process.kill('SIGCONT')

    // Three more rounds after the stall: a socket the stall cost would be closed by then.
    await Promise.all([...visitors.map(({ visitor }) => protocolPings(visitor, 3)), protocolPings(agent, 3)])
    for (const { visitor } of [...visitors]) expect(visitor.socket.readyState).toBe(visitor.socket.OPEN)
    expect(agent.socket.readyState).toBe(agent.socket.OPEN)
    expect(agent.frames.filter((frame) => frame.type === 'presence.changed' && frame.presence.state !== 'online')).toEqual([])
    const { body } = await api(server.url, cookie, '/api/conversations')
    expect(body.conversations.map((conversation: { presence: { state: string } }) => conversation.presence.state)).toEqual(
      visitors.map(() => 'online'),
    )
    for (const { visitor } of visitors) visitor.close()
    agent.close()
  })
})
