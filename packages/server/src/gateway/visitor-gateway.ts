import type { FastifyInstance } from 'fastify'
import { VisitorConnection, type VisitorContext } from './visitor-connection.js'

/**
 * `/ws/visitor`: the widget's socket. Keeps the open connections by visitor (a visitor may have several
 * tabs) and delivers each new message to the visitor's connections, except the one it came from.
 */
export async function visitorGateway(
  app: FastifyInstance,
  context: Omit<VisitorContext, 'register' | 'log'>,
): Promise<void> {
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

  context.bus.on('message.created', ({ message, visitorId, originConnectionId }) => {
    for (const connection of byVisitor.get(visitorId) ?? []) {
      if (connection.id !== originConnectionId) connection.deliver(message)
    }
  })

  app.get('/ws/visitor', { websocket: true, schema: { hide: true } }, (socket, request) => {
    new VisitorConnection(socket, { ...context, register, log: request.log })
  })
}
