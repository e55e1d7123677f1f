import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { FastifyInstance } from 'fastify'
import { ConfigError } from '../config/config-error.js'
import { compressOnce, sendCompressed } from './compressed-asset.js'

/** Where the built script-tag bundle is, unless the options name another. */
function defaultWidgetScript(): string {
  return createRequire(import.meta.url).resolve('@porchlight/widget/widget.js')
}

/**
 * `GET /widget.js`: the script-tag bundle, read and compressed once at start. `Accept-Encoding` is
 * negotiated with its q-values (`gzip;q=0` refuses gzip, `identity;q=0` the uncompressed script; nothing
 * acceptable is 406 `not_acceptable`); `If-None-Match` may list several tags, weak ones or `*`. Its address
 * never changes, so browsers keep it for five minutes and then revalidate with the ETag; any site may load it.
 */
export async function widgetRoute(app: FastifyInstance, context: { widgetScript: string | undefined }): Promise<void> {
  let path = context.widgetScript
  let script: Buffer
  try {
    path ??= defaultWidgetScript()
    script = await readFile(path)
  } catch {
    throw new ConfigError(
      'widgetScript',
      'the path of a built widget.js (run `npm run build` first)',
      path ?? '@porchlight/widget/widget.js',
    )
  }
  const asset = await compressOnce(script)

  app.get('/widget.js', { schema: { hide: true } }, (request, reply) =>
    sendCompressed(request, reply, asset, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300, must-revalidate',
      'cross-origin-resource-policy': 'cross-origin',
    }),
  )
}
