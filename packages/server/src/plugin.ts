import fastifyCookie from '@fastify/cookie'
import fastifyCors from '@fastify/cors'
import fastifyRateLimit from '@fastify/rate-limit'
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import fastifyWebsocket from '@fastify/websocket'
import { errors, limits } from '@porchlight/protocol'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { agentAuthenticator } from './auth/agent-session.js'
import { authRoutes } from './auth/auth-routes.js'
import { rejectCrossOrigin } from './auth/origin-check.js'
import { resolveOptions, type PorchlightOptions } from './config/options.js'
import { ConversationService } from './conversations/conversation-service.js'
import { SessionTracker } from './conversations/session-tracker.js'
import { conversationRoutes } from './conversations/conversation-routes.js'
import { errorHandler } from './errors/error-handler.js'
import { EventBus } from './events/event-bus.js'
import { agentGateway } from './gateway/agent-gateway.js'
import { closeSocket } from './gateway/send-frame.js'
import { visitorGateway } from './gateway/visitor-gateway.js'
import { seedAdmin } from './identity/seed-admin.js'
import { loadServerSecret } from './identity/server-secret.js'
import { beaconRoute } from './presence/beacon-route.js'
import { PresenceTracker } from './presence/presence-tracker.js'
import { Store } from './store/store.js'
import { apiDocs } from './web/api-docs.js'
import { healthRoute } from './web/health-route.js'
import { securityHeaders } from './web/security-headers.js'
import { widgetRoute } from './web/widget-route.js'

/** Addresses any website may call: the widget's own resources. The agent API stays same-origin. */
const publicPaths = new Set(['/widget.js', '/healthz', '/api/visitor/beacon'])

/**
 * Porchlight as a Fastify plugin: the visitor and agent sockets, the agent REST API, `/widget.js`,
 * `/openapi.json` with `/docs`, and `/healthz`. Options are checked once, here; a bad one fails the
 * registration with a {@link ConfigError}. Register it without a prefix: the widget finds the server by
 * the origin of its script. It keeps its hooks and error handler to itself (it is encapsulated).
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import { porchlight } from '@porchlight/server'
 *
 * const app = Fastify({ logger: true })
 * await app.register(porchlight, { dataDir: './data' })
 * await app.listen({ port: 3000 })
 * ```
 */
export const porchlight: FastifyPluginAsync<PorchlightOptions> = async (app: FastifyInstance, rawOptions) => {
  const options = resolveOptions(rawOptions)
  const store = await Store.open(options.dataDir, options.clock)
  const secret = loadServerSecret(options.dataDir, options.secret)
  await store.sites.ensure('default', 'Default site', options.clock())
  await seedAdmin(store, options.admin, options.clock(), app.log)

  const bus = new EventBus()
  const conversations = new ConversationService(store, bus)
  const authenticate = agentAuthenticator(store, secret, options.clock)
  const presence = new PresenceTracker(store, bus, options.timings, options.clock, app.log)
  const sessions = new SessionTracker(store, bus, options.timings.inactivityWindow, options.clock, app.log, (visitorId) =>
    presence.currentState(visitorId),
  )
  bus.on('conversation.created', ({ conversation }) => presence.setConversation(conversation.visitor.id, conversation.id))
  await presence.restore()
  app.addHook('onClose', async () => {
    // What the timers would still decide is left to the next start, which restores presence.
    presence.stop()
    sessions.stop()
    await store.close()
  })

  app.setErrorHandler(errorHandler)
  // Bodies and queries are checked by the same TypeBox schemas as the socket frames, and an unknown
  // property is an error rather than silently dropped.
  app.setValidatorCompiler(TypeBoxValidatorCompiler)
  // JSON only: a cross-site form can post text/plain without a preflight.
  app.removeContentTypeParser('text/plain')
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= limits.bodyBytes
  })
  await app.register(fastifyCookie)
  await app.register(fastifyCors, {
    delegator: (request, callback) => callback(null, { origin: publicPaths.has(request.url.split('?')[0]!) }),
  })
  await app.register(fastifyRateLimit, { global: false })
  if (!app.hasDecorator('websocketServer')) {
    await app.register(fastifyWebsocket, {
      options: { maxPayload: limits.frameBytes },
      // Tell clients to come back (1001) rather than closing without a code.
      preClose(done) {
        for (const socket of this.websocketServer.clients) {
          closeSocket(socket, errors.server_shutting_down.close, 'server_shutting_down')
        }
        this.websocketServer.close(() => done())
      },
    })
  }
  await securityHeaders(app)
  if (options.docs) await apiDocs(app)

  await app.register(healthRoute)
  await app.register(widgetRoute, { widgetScript: options.widgetScript })
  await app.register(beaconRoute, { store, secret, presence, options })
  await app.register(visitorGateway, { store, bus, conversations, presence, options, secret })
  await app.register(async (agentApi) => {
    // The agent API rides on a cookie: refuse requests that another origin makes with it.
    agentApi.addHook('onRequest', rejectCrossOrigin)
    await agentApi.register(authRoutes, { store, secret, options, authenticate })
    await agentApi.register(conversationRoutes, { store, conversations, presence, authenticate })
    await agentApi.register(agentGateway, { bus, authenticate, heartbeatInterval: options.timings.heartbeatInterval })
  })
}
