import type { AgentWelcomeFrame, ViewersFrame } from '@porchlight/protocol'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import type { EventBus } from '../events/event-bus.js'
import type { LiveService } from '../live/live-service.js'
import type { ReadReceipts } from '../receipts/read-receipts.js'
import type { Store } from '../store/store.js'
import type { AgentPresenceTracker } from '../team/agent-presence-tracker.js'
import { AgentConnection, type AgentContext } from './agent-connection.js'
import { Heartbeat } from './heartbeat.js'
import { TokenBucket } from './token-bucket.js'
import { releaseReply } from './release-reply.js'
import { upgradeRequired } from './upgrade-required.js'

/**
 * `/ws/agent`: the inbox's live feed. Only a signed-in agent connects (`authenticate` runs before the
 * upgrade, so a stranger gets an HTTP 401 instead of a socket), and the socket lasts no longer than the
 * session. Each event is encoded once and the same string goes to every agent. What an agent sends on it
 * (how far they read, what they type, which conversation they view, that they are there) is routed by
 * `receive`.
 */
export async function agentGateway(
  app: FastifyInstance,
  context: {
    bus: EventBus
    store: Store
    authenticate: preHandlerAsyncHookHandler
    heartbeatInterval: number
    sendBufferBytes: number
    clock: () => number
    receipts: ReadReceipts
    rateLimits: ResolvedOptions['rateLimits']
    live: LiveService
    agentPresence: AgentPresenceTracker
  },
): Promise<void> {
  const { bus, store, clock, receipts, rateLimits, live, agentPresence } = context
  const agents = new Set<AgentConnection>()
  let connections = 0
  const broadcast = (frame: object) => {
    if (agents.size === 0) return
    const encoded = JSON.stringify(frame)
    for (const agent of agents) agent.send(encoded)
  }

  bus.on('conversation.created', ({ conversation }) => broadcast({ type: 'conversation.created', conversation }))
  bus.on('conversation.updated', ({ conversation }) => broadcast({ type: 'conversation.updated', conversation }))
  bus.on('message.created', ({ message }) => broadcast({ type: 'message.created', message }))
  bus.on('presence.changed', (event) => broadcast({ type: 'presence.changed', ...event }))
  bus.on('session.changed', (event) => broadcast({ type: 'session.changed', ...event }))
  bus.on('note.created', ({ note }) => broadcast({ type: 'note.created', note }))
  bus.on('receipt.read', ({ conversationId, reader, seq }) => broadcast({ type: 'receipt.read', conversationId, reader, seq }))
  // An agent is not told of their own typing, on any of their sockets.
  bus.on('typing.changed', ({ conversationId, actor, active }) => {
    const encoded = JSON.stringify({ type: 'typing', conversationId, actor, active })
    for (const agent of agents) if (actor.kind === 'visitor' || agent.id !== actor.agentId) agent.send(encoded)
  })
  bus.on('viewers.changed', ({ conversationId, agents: viewers }) => broadcast({ type: 'viewers', conversationId, agents: viewers }))
  bus.on('agent.session_ended', ({ sessionId }) => {
    for (const agent of agents) if (agent.sessionId === sessionId) agent.end()
  })
  bus.on('agent.sessions_ended', ({ agentId, exceptSessionId }) => {
    for (const agent of agents) if (agent.id === agentId && agent.sessionId !== exceptSessionId) agent.end()
  })
  bus.on('agent.presence_changed', ({ agentId, presence }) => broadcast({ type: 'agent.presence', agentId, presence }))
  bus.on('agent.updated', ({ agent: updated }) => {
    for (const agent of agents) if (agent.id === updated.id) agent.name = updated.name
    live.renamed(updated.id, updated.name)
    broadcast({ type: 'agent.updated', agent: updated })
  })

  const connectionContext: AgentContext = {
    log: app.log,
    sendBufferBytes: context.sendBufferBytes,
    sessionIsValid: async (sessionId) => (await store.agents.findBySession(sessionId, clock())) !== undefined,
    async receive(agent, frame) {
      switch (frame.type) {
        case 'read':
          return receipts.readByAgent(frame.conversationId, agent.id, frame.seq)
        case 'typing':
          return live.agentTyping(agent, frame.conversationId, frame.active)
        case 'viewing': {
          const viewers = await live.view(agent, frame.conversationId)
          if (viewers) agent.send({ type: 'viewers', conversationId: frame.conversationId!, agents: viewers } satisfies ViewersFrame)
          return
        }
        case 'activity':
          return agentPresence.activity(agent.id)
      }
    },
    frameBudget: () => new TokenBucket(rateLimits.signalsPerSecond, rateLimits.signalBurst, clock),
  }
  const heartbeat = new Heartbeat(context.heartbeatInterval)
  // Each socket's first frame: how often the heartbeat pings it, so that the inbox knows how long a silence may last.
  const welcome = JSON.stringify({ type: 'welcome', heartbeatInterval: context.heartbeatInterval } satisfies AgentWelcomeFrame)
  app.addHook('onClose', async () => heartbeat.stop())

  app.route({
    method: 'GET',
    url: '/ws/agent',
    onRequest: releaseReply,
    preHandler: context.authenticate,
    schema: { hide: true },
    // A socket's reply is never sent (the upgrade writes its own 101) but lives as long as the socket:
    // headers set on it would cost every connection its own copy.
    helmet: false,
    handler: upgradeRequired,
    wsHandler(socket, request) {
      // `authenticate` admitted the request, so it knows the session.
      const agent = new AgentConnection(socket, request.porchlightSessionId!, request.porchlightAgent!, connectionContext)
      const connectionId = String(++connections)
      agent.send(welcome)
      agents.add(agent)
      heartbeat.add(agent)
      agentPresence.connect(agent.id, connectionId)
      socket.on('close', () => {
        agents.delete(agent)
        heartbeat.delete(agent)
        agentPresence.disconnect(agent.id, connectionId, { ended: agent.ended })
        live.leave(agent)
      })
    },
  })
}
