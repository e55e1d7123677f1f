import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import type { WebSocket } from 'ws'
import type { EventBus } from '../events/event-bus.js'
import { frameParser } from './frame-parser.js'
import { Heartbeat } from './heartbeat.js'
import { sendFrame } from './send-frame.js'

/** Agents send nothing on their socket yet: every frame is answered with a coded error. */
const parseFrame = frameParser<never>({})

/**
 * `/ws/agent`: the inbox's live feed. Only a signed-in agent connects (`authenticate` runs before the
 * upgrade, so a stranger gets an HTTP 401 instead of a socket). Each event is encoded once and the same
 * string goes to every agent.
 */
export async function agentGateway(
  app: FastifyInstance,
  context: { bus: EventBus; authenticate: preHandlerAsyncHookHandler; heartbeatInterval: number },
): Promise<void> {
  const agents = new Set<WebSocket>()
  const broadcast = (frame: object) => {
    if (agents.size === 0) return
    const encoded = JSON.stringify(frame)
    for (const socket of agents) sendFrame(socket, encoded)
  }

  context.bus.on('conversation.created', ({ conversation }) => broadcast({ type: 'conversation.created', conversation }))
  context.bus.on('conversation.updated', ({ conversation }) => broadcast({ type: 'conversation.updated', conversation }))
  context.bus.on('message.created', ({ message }) => broadcast({ type: 'message.created', message }))
  context.bus.on('presence.changed', (event) => broadcast({ type: 'presence.changed', ...event }))
  context.bus.on('session.changed', (event) => broadcast({ type: 'session.changed', ...event }))

  const heartbeat = new Heartbeat(context.heartbeatInterval)
  app.addHook('onClose', async () => heartbeat.stop())

  app.get('/ws/agent', { websocket: true, preHandler: context.authenticate, schema: { hide: true } }, (socket, request) => {
    // A socket that owes the pong of the last round when the next one comes is dead.
    let awaitingPong = false
    const beating = {
      beat() {
        if (awaitingPong) return socket.terminate()
        awaitingPong = true
        socket.ping()
      },
    }
    agents.add(socket)
    heartbeat.add(beating)
    socket.on('pong', () => {
      awaitingPong = false
    })
    socket.on('close', () => {
      agents.delete(socket)
      heartbeat.delete(beating)
    })
    socket.on('error', (error) => request.log.debug({ err: error }, 'agent socket error'))
    socket.on('message', (data, isBinary) => {
      const parsed = parseFrame(data, isBinary)
      if (!parsed.ok) sendFrame(socket, { type: 'error', code: parsed.code, message: parsed.message })
    })
  })
}
