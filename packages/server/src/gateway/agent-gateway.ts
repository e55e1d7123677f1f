import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import type { EventBus } from '../events/event-bus.js'
import type { ReadReceipts } from '../receipts/read-receipts.js'
import type { Store } from '../store/store.js'
import { AgentConnection, type AgentContext } from './agent-connection.js'
import { Heartbeat } from './heartbeat.js'
import { TokenBucket } from './token-bucket.js'
import { releaseReply } from './release-reply.js'
import { upgradeRequired } from './upgrade-required.js'

/**
 * `/ws/agent`: the inbox's live feed. Only a signed-in agent connects (`authenticate` runs before the
 * upgrade, so a stranger gets an HTTP 401 instead of a socket), and the socket lasts no longer than the
 * session. Each event is encoded once and the same string goes to every agent.
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
  },
): Promise<void> {
  const { bus, store, clock, receipts, rateLimits } = context
  const agents = new Set<AgentConnection>()
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
  bus.on('agent.session_ended', ({ sessionId }) => {
    for (const agent of agents) if (agent.sessionId === sessionId) agent.end()
  })

  const connectionContext: AgentContext = {
    log: app.log,
    sendBufferBytes: context.sendBufferBytes,
    sessionIsValid: async (sessionId) => (await store.agents.findBySession(sessionId, clock())) !== undefined,
    read: (agentId, frame) => receipts.readByAgent(frame.conversationId, agentId, frame.seq),
    frameBudget: () => new TokenBucket(rateLimits.signalsPerSecond, rateLimits.signalBurst, clock),
  }
  const heartbeat = new Heartbeat(context.heartbeatInterval)
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
      const agent = new AgentConnection(socket, request.porchlightSessionId!, request.porchlightAgent!.id, connectionContext)
      agents.add(agent)
      heartbeat.add(agent)
      socket.on('close', () => {
        agents.delete(agent)
        heartbeat.delete(agent)
      })
    },
  })
}
