import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import type { WebSocket } from 'ws'
import type { EventBus } from '../events/event-bus.js'
import { frameParser } from './frame-parser.js'
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
  context: { bus: EventBus; authenticate: preHandlerAsyncHookHandler },
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

  app.get('/ws/agent', { websocket: true, preHandler: context.authenticate, schema: { hide: true } }, (socket, request) => {
    agents.add(socket)
    socket.on('close', () => agents.delete(socket))
    socket.on('error', (error) => request.log.debug({ err: error }, 'agent socket error'))
    socket.on('message', (data, isBinary) => {
      const parsed = parseFrame(data, isBinary)
      if (!parsed.ok) sendFrame(socket, { type: 'error', code: parsed.code, message: parsed.message })
    })
  })
}
