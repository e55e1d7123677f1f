import type { FastifyInstance } from 'fastify'
import { Heartbeat } from './heartbeat.js'
import { VisitorConnection, type VisitorContext } from './visitor-connection.js'

/**
 * `/ws/visitor`: the widget's socket. Keeps the open connections by visitor (a visitor may have several
 * tabs), delivers each new message to the visitor's connections except the one it came from, tells them
 * their presence, and runs the heartbeat over all of them.
 */
export async function visitorGateway(app: FastifyInstance, shared: Omit<VisitorContext, 'register' | 'log'>): Promise<void> {
  const { bus } = shared
  const byVisitor = new Map<string, Set<VisitorConnection>>()
  const heartbeat = new Heartbeat(shared.options.timings.heartbeatInterval)
  app.addHook('onClose', async () => heartbeat.stop())

  // One context for every connection: a connection holds no per-request objects.
  const context: VisitorContext = {
    ...shared,
    log: app.log,
    register(connection) {
      const visitorId = connection.visitorId!
      const connections = byVisitor.get(visitorId) ?? new Set()
      connections.add(connection)
      byVisitor.set(visitorId, connections)
      heartbeat.add(connection)
      return () => {
        heartbeat.delete(connection)
        connections.delete(connection)
        if (connections.size === 0 && byVisitor.get(visitorId) === connections) byVisitor.delete(visitorId)
      }
    },
  }

  bus.on('message.created', ({ message, visitorId, originConnectionId }) => {
    for (const connection of byVisitor.get(visitorId) ?? []) {
      if (connection.id !== originConnectionId) connection.deliver(message)
    }
  })
  bus.on('presence.changed', ({ visitorId, presence }) => {
    for (const connection of byVisitor.get(visitorId) ?? []) connection.deliverPresence(presence)
  })

  app.get('/ws/visitor', { websocket: true, schema: { hide: true } }, (socket) => {
    new VisitorConnection(socket, context)
  })
}
