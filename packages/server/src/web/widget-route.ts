import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { ConfigError } from '../config/config-error.js'

/** Where the built script-tag bundle is, unless the options name another. */
function defaultWidgetScript(): string {
  return createRequire(import.meta.url).resolve('@porchlight/widget/widget.js')
}

/**
 * `GET /widget.js`: the script-tag bundle, read and compressed once at start. Its address never changes,
 * so browsers keep it for five minutes and then revalidate with the ETag; any site may load it.
 */
export async function widgetRoute(app: FastifyInstance, context: { widgetScript: string | undefined }): Promise<void> {
  let path = context.widgetScript
  let script: Buffer
  try {
    path ??= defaultWidgetScript()
    script = readFileSync(path)
  } catch {
    throw new ConfigError(
      'widgetScript',
      'the path of a built widget.js (run `npm run build` first)',
      path ?? '@porchlight/widget/widget.js',
    )
  }
  const gzipped = gzipSync(script, { level: 9 })
  const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 22)}"`

  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300, must-revalidate')
      .header('etag', etag)
      .header('vary', 'accept-encoding')
      .header('cross-origin-resource-policy', 'cross-origin')
    if (request.headers['if-none-match'] === etag) return reply.status(304).send()
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      return reply.header('content-encoding', 'gzip').send(gzipped)
    }
    return reply.send(script)
  })
}
