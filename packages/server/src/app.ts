import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { PorchlightOptions } from './config/options.js'
import { errorHandler } from './errors/error-handler.js'
import { PorchlightError } from './errors/porchlight-error.js'
import { porchlight } from './plugin.js'
import { demoRoute } from './web/demo-route.js'
import { RequestLog } from './web/request-log.js'

/** How long a shutdown waits for requests in flight before it closes their connections. */
const inFlightGrace = 2_000

/**
 * The standalone Porchlight server: Fastify with the `porchlight` plugin, the demo page at `/`, and a
 * coded 404 for unknown addresses. Call `listen` on the result.
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
): Promise<FastifyInstance> {
  const app = Fastify({ forceCloseConnections: 'idle', logController: new RequestLog(), ...fastifyOptions })
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
  await app.register(porchlight, options)
  await app.register(demoRoute)
  return app
}
