import type { FastifyInstance } from 'fastify'
import { errors } from '@porchlight/protocol'
import { closeSocket } from './send-frame.js'
import { VisitorConnection, type VisitorContext } from './visitor-connection.js'

/**
 * `/ws/visitor`: the widget's socket. Keeps the open connections by visitor (a visitor may have several
 * tabs) and delivers each new message to the visitor's connections, except the one it came from.
 */
export async function visitorGateway(
  app: FastifyInstance,
  context: Omit<VisitorContext, 'register' | 'log'>,
): Promise<void> {
  const open = new Set<VisitorConnection>()
  const byVisitor = new Map<string, Set<VisitorConnection>>()

  const register = (connection: VisitorConnection) => {
    const visitorId = connection.visitorId!
    const connections = byVisitor.get(visitorId) ?? new Set()
    connections.add(connection)
    byVisitor.set(visitorId, connections)
    return () => {
      connections.delete(connection)
      if (connections.size === 0 && byVisitor.get(visitorId) === connections) byVisitor.delete(visitorId)
    }
  }

  const unsubscribe = context.bus.on('message.created', ({ message, visitorId, originConnectionId }) => {
    for (const connection of byVisitor.get(visitorId) ?? []) {
      if (connection.id !== originConnectionId) connection.deliver(message)
    }
  })

  app.addHook('preClose', async () => {
    unsubscribe()
    for (const { socket } of open) closeSocket(socket, errors.server_shutting_down.close, 'server_shutting_down')
  })

  app.get('/ws/visitor', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const connection = new VisitorConnection(socket, { ...context, register, log: request.log })
    open.add(connection)
    socket.on('close', () => open.delete(connection))
  })
}
