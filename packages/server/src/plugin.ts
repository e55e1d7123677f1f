import fastifyCookie from '@fastify/cookie'
import fastifyCors from '@fastify/cors'
import fastifyRateLimit from '@fastify/rate-limit'
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import fastifyWebsocket from '@fastify/websocket'
import { errors, limits } from '@porchlight/protocol'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { authRoutes } from './auth/auth-routes.js'
import { originCheck } from './auth/origin-check.js'
import { resolveOptions, type PorchlightOptions } from './config/options.js'
import { conversationRoutes } from './conversations/conversation-routes.js'
import { errorHandler } from './errors/error-handler.js'
import { agentGateway } from './gateway/agent-gateway.js'
import { closeSocket } from './gateway/send-frame.js'
import { visitorGateway } from './gateway/visitor-gateway.js'
import { seedAdmin } from './identity/seed-admin.js'
import { inboxRoute } from './inbox/inbox-route.js'
import { jobRoutes } from './jobs/job-routes.js'
import { beaconRoute } from './presence/beacon-route.js'
import { followupRoutes } from './followup/followup-routes.js'
import { resumeRoute } from './followup/resume-route.js'
import { unsubscribeRoutes } from './followup/unsubscribe-routes.js'
import { readRoutes } from './receipts/read-routes.js'
import { Services } from './services.js'
import { siteRoutes } from './sites/site-routes.js'
import { socketErrorHandler } from './gateway/socket-error-handler.js'
import { parseJsonInput } from './validation/parse-json-input.js'
import { apiDocs } from './web/api-docs.js'
import { healthRoute } from './web/health-route.js'
import { securityHeaders } from './web/security-headers.js'
import { widgetRoute } from './web/widget-route.js'
import { webhookRoutes } from './webhooks/webhook-routes.js'

/** How long a shutdown waits for sockets to answer their close before it cuts them off. */
const closeHandshakeGrace = 1_000

/** Addresses any website may call: the widget's own resources. The agent API stays same-origin. */
const publicPaths = new Set(['/widget.js', '/healthz', '/api/visitor/beacon', '/api/visitor/resume'])

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
  const services = await Services.start(options, app.log)
  const { store, bus, secret, presence, conversations, summaries, identities, receipts, sites, authenticate } = services
  for (const warning of options.warnings) app.log.warn(warning)
  await seedAdmin(app, store, options.admin, options.clock, options.passwordCost)
  app.addHook('onClose', () => services.stop())
  // Before the socket server's own preClose (registered below) closes every visitor socket.
  app.addHook('preClose', async () => services.followups.stop())

  app.setErrorHandler(errorHandler)
  // Bodies and queries are checked by the same TypeBox schemas as the socket frames, and an unknown
  // property is an error rather than silently dropped.
  app.setValidatorCompiler(TypeBoxValidatorCompiler)
  // JSON only: a cross-site form can post text/plain without a preflight.
  app.removeContentTypeParser('text/plain')
  // Bodies are read like frames: bounded nesting, no prototype keys, no lone surrogates.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonInput(body as string))
    } catch (error) {
      done(error as Error)
    }
  })
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
      errorHandler: socketErrorHandler,
      // Tell clients to come back (1001) rather than closing without a code.
      preClose(done) {
        const sockets = this.websocketServer.clients
        for (const socket of sockets) closeSocket(socket, errors.server_shutting_down.close, 'server_shutting_down')
        // A client that does not read never answers the close: it is cut off rather than waited for.
        setTimeout(() => sockets.forEach((socket) => socket.terminate()), closeHandshakeGrace).unref()
        this.websocketServer.close(() => done())
      },
    })
  }
  await securityHeaders(app)
  if (options.docs) await apiDocs(app)

  await app.register(healthRoute)
  await app.register(widgetRoute, { widgetScript: options.widgetScript })
  // The agent inbox at `/inbox`.
  await app.register(inboxRoute)
  await app.register(beaconRoute, { store, sites, secret, presence, options })
  await app.register(resumeRoute, { store, sites, receipts, secret, options })
  await app.register(unsubscribeRoutes, { store, secret, options })
  await app.register(visitorGateway, { store, sites, bus, conversations, identities, receipts, presence, options, secret })
  await app.register(async (agentApi) => {
    // The agent API rides on a cookie: refuse requests that another origin makes with it.
    agentApi.addHook('onRequest', originCheck(options))
    await agentApi.register(authRoutes, { store, bus, secret, options, authenticate })
    await agentApi.register(conversationRoutes, { store, conversations, summaries, authenticate })
    await agentApi.register(followupRoutes, { store, authenticate })
    await agentApi.register(readRoutes, { receipts, authenticate })
    await agentApi.register(siteRoutes, { sites, authenticate })
    await agentApi.register(webhookRoutes, {
      store,
      bus,
      dispatcher: services.webhooks,
      authenticate,
      allowPrivateAddresses: options.webhooks.allowPrivateAddresses,
      clock: options.clock,
    })
    await agentApi.register(jobRoutes, { jobs: services.jobs, authenticate })
    await agentApi.register(agentGateway, {
      bus,
      store,
      authenticate,
      heartbeatInterval: options.timings.heartbeatInterval,
      sendBufferBytes: options.socketLimits.sendBufferBytes,
      clock: options.clock,
      receipts,
      rateLimits: options.rateLimits,
    })
  })
}
