import { errors } from '@porchlight/protocol'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { EventBus } from '../events/event-bus.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { originAllowed } from '../sites/origin-allowed.js'
import { Heartbeat } from './heartbeat.js'
import { releaseReply } from './release-reply.js'
import { closeSocket } from './send-frame.js'
import { upgradeRequired } from './upgrade-required.js'
import { KeyedRateLimiter } from './keyed-rate-limiter.js'
import { VisitorConnection, type VisitorContext } from './visitor-connection.js'

/** What the visitor gateway shares with every connection, and the bus it listens to. */
export type VisitorGatewayContext = Omit<VisitorContext, 'register' | 'log' | 'admitNewVisitor' | 'admitMessage' | 'released'> & {
  bus: EventBus
}

/**
 * `/ws/visitor`: the widget's socket. Keeps the open connections by visitor (a visitor may have several
 * tabs), delivers each new message to the visitor's connections except the one it came from, tells them
 * their presence, and runs the heartbeat over all of them. Bounds what one address and one visitor can
 * ask of the server: open sockets and new visitors per address, messages per visitor across their tabs.
 *
 * Each site may set its own heartbeat interval: there is one {@link Heartbeat} per interval in use, and a
 * connection beats with the interval its site had when it was welcomed (a changed interval reaches new
 * connections; a running one keeps its rhythm, so that no round is judged against a shorter one). A
 * site whose allowed origins change closes its sockets from origins no longer allowed, and tells the
 * others when two-way chat was turned on or off. An agent's typing reaches the visitor's tabs.
 */
export async function visitorGateway(app: FastifyInstance, shared: VisitorGatewayContext): Promise<void> {
  const { bus, options, sites } = shared
  const { rateLimits, socketLimits, clock } = options
  const byVisitor = new Map<string, Set<VisitorConnection>>()
  const socketsByAddress = new Map<string, number>()
  const newVisitors = new KeyedRateLimiter(rateLimits.newVisitorsPerMinute / 60, rateLimits.newVisitorBurst, clock)
  const visitorMessages = new KeyedRateLimiter(rateLimits.messagesPerSecond, rateLimits.messageBurst, clock)
  const heartbeats = new Map<number, { heartbeat: Heartbeat; members: number }>()
  app.addHook('onClose', async () => heartbeats.forEach(({ heartbeat }) => heartbeat.stop()))

  // One context for every connection: a connection holds no per-request objects.
  const context: VisitorContext = {
    ...shared,
    log: app.log,
    register(connection, site) {
      const visitorId = connection.visitorId!
      const connections = byVisitor.get(visitorId) ?? new Set()
      connections.add(connection)
      byVisitor.set(visitorId, connections)
      const interval = site.presence.heartbeatInterval
      let beating = heartbeats.get(interval)
      if (!beating) heartbeats.set(interval, (beating = { heartbeat: new Heartbeat(interval), members: 0 }))
      beating.heartbeat.add(connection)
      beating.members++
      return () => {
        beating.heartbeat.delete(connection)
        // The server's own interval keeps its heartbeat: most sites use it, and visitors come and go.
        if (--beating.members === 0 && interval !== options.timings.heartbeatInterval) {
          beating.heartbeat.stop()
          heartbeats.delete(interval)
        }
        connections.delete(connection)
        if (connections.size === 0 && byVisitor.get(visitorId) === connections) byVisitor.delete(visitorId)
      }
    },
    admitNewVisitor: (address) => newVisitors.take(address),
    admitMessage: (visitorId) => visitorMessages.take(visitorId),
    released(address) {
      const open = socketsByAddress.get(address)! - 1
      if (open === 0) socketsByAddress.delete(address)
      else socketsByAddress.set(address, open)
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
  // Only the visitor's own watermark: every tab's unread count follows the one where they read.
  bus.on('receipt.read', ({ visitorId, reader, seq }) => {
    if (reader.type !== 'visitor') return
    for (const connection of byVisitor.get(visitorId) ?? []) connection.deliverRead(seq)
  })
  bus.on('team.availability_changed', ({ online }) => {
    const frame = JSON.stringify({ type: 'team', online })
    for (const connections of byVisitor.values()) for (const connection of connections) connection.deliverToAll(frame)
  })
  bus.on('typing.changed', ({ visitorId, actor, active }) => {
    if (actor.kind !== 'agent') return
    for (const connection of byVisitor.get(visitorId) ?? []) connection.deliverTyping(active, actor.name)
  })
  bus.on('site.updated', ({ siteId }) => {
    sites
      .find(siteId)
      .then((site) => {
        if (!site) return
        for (const connections of byVisitor.values()) {
          for (const connection of connections) {
            if (connection.siteId !== siteId) continue
            if (originAllowed(site, connection.origin)) connection.siteChanged(site)
            else closeSocket(connection.socket, errors.origin_not_allowed.close, 'origin_not_allowed')
          }
        }
      })
      .catch((error: unknown) => app.log.error({ err: error, siteId }, 'could not apply a site change to its sockets'))
  })

  // Refused before the upgrade, with an HTTP answer the client can read.
  const limitSockets = async (request: FastifyRequest) => {
    if ((socketsByAddress.get(request.ip) ?? 0) >= socketLimits.socketsPerAddress) throw new PorchlightError('too_many_connections')
  }

  app.route({
    method: 'GET',
    url: '/ws/visitor',
    onRequest: [limitSockets, releaseReply],
    schema: { hide: true },
    // A socket's reply is never sent (the upgrade writes its own 101) but lives as long as the socket:
    // headers set on it would cost every connection its own copy.
    helmet: false,
    handler: upgradeRequired,
    wsHandler(socket, request) {
      const address = request.ip
      socketsByAddress.set(address, (socketsByAddress.get(address) ?? 0) + 1)
      new VisitorConnection(socket, address, request.headers, context)
    },
  })
}
