import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { ConfigError, type ConfigProblem } from './config/config-error.js'
import { positiveIntegers, type PorchlightOptions } from './config/options.js'
import { clientErrorHandler, refuseExpectation, requireHost } from './errors/client-errors.js'
import { errorHandler } from './errors/error-handler.js'
import { PorchlightError } from './errors/porchlight-error.js'
import { porchlight } from './plugin.js'
import { demoRoute } from './web/demo-route.js'
import { RequestLog } from './web/request-log.js'
import { securityHeaders } from './web/security-headers.js'
import { defaultServerTimeouts, serverTimeoutOptions, type ServerTimeouts } from './web/server-timeouts.js'

/** How long a shutdown waits for requests in flight before it closes their connections. */
const inFlightGrace = 2_000

/**
 * The standalone Porchlight server: Fastify with the `porchlight` plugin, the demo page at `/`, and a
 * coded 404 for unknown addresses. Call `listen` on the result. What fails before a route is found (a bad
 * URL encoding, headers over Node's limit, malformed HTTP) answers in the registry's shape too, and slow or
 * idle clients are dropped within `timeouts` (see {@link ServerTimeouts}).
 *
 * @example
 * ```ts
 * const app = await buildApp({ dataDir: './data' })
 * await app.listen({ port: 3000 })
 * ```
 */
export async function buildApp(
  options: PorchlightOptions,
  fastifyOptions: Pick<FastifyServerOptions, 'logger' | 'trustProxy'> = {},
  timeouts: Partial<ServerTimeouts> = {},
): Promise<FastifyInstance> {
  const problems: ConfigProblem[] = []
  const checkedTimeouts = positiveIntegers('timeouts', defaultServerTimeouts, timeouts, problems)
  const [problem, ...more] = problems
  if (problem) throw new ConfigError([problem, ...more])
  const timeoutOptions = serverTimeoutOptions(checkedTimeouts)
  const app = Fastify({
    forceCloseConnections: 'idle',
    logController: new RequestLog(),
    ...timeoutOptions,
    // What fails before a route is found answers in the registry's shape too (errors/client-errors.ts).
    // Node's own refusal of a request without Host has no body: the requireHost hook refuses it instead.
    http: { ...timeoutOptions.http, requireHostHeader: false },
    frameworkErrors: errorHandler,
    clientErrorHandler,
    ...fastifyOptions,
  })
  app.server.on('checkExpectation', refuseExpectation)
  app.addHook('onRequest', requireHost)
  // Browsers keep connections open that carry no request (preconnects, the keep-alive pool): closing
  // waits for in-flight requests a moment, then drops whatever is left instead of waiting minutes.
  app.addHook('preClose', (done) => {
    setTimeout(() => app.server.closeAllConnections(), inFlightGrace).unref()
    done()
  })
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(() => {
    throw new PorchlightError('not_found')
  })
  await securityHeaders(app)
  await app.register(porchlight, options)
  await app.register(demoRoute)
  return app
}
