import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { IncomingHttpHeaders } from 'node:http'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import fresh from 'fresh'
import { ConfigError } from '../config/config-error.js'
import { PorchlightError } from '../errors/porchlight-error.js'

/**
 * negotiator's content negotiation, typed here: its DefinitelyTyped types describe 0.6, while 1.x also takes
 * the server's own order of preference, which breaks ties between codings the client rates equally.
 */
const Negotiator = createRequire(import.meta.url)('negotiator') as new (request: { headers: IncomingHttpHeaders }) => {
  encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined
}

/** Where the built script-tag bundle is, unless the options name another. */
function defaultWidgetScript(): string {
  return createRequire(import.meta.url).resolve('@porchlight/widget/widget.js')
}

/** One content coding of the script: its bytes and its own strong ETag (caches keep one per coding). */
interface Representation {
  body: Buffer
  etag: string
}

function tag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`
}

/**
 * The script in each content coding it is served in, brotli and gzip at their highest quality (compressed
 * off the event loop), best first for when the client rates them equally.
 */
async function encode(script: Buffer): Promise<Map<string, Representation>> {
  const [brotli, gzipped] = await Promise.all([
    promisify(brotliCompress)(script, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: script.length,
      },
    }),
    promisify(gzip)(script, { level: constants.Z_BEST_COMPRESSION }),
  ])
  return new Map(
    Object.entries({ br: brotli, gzip: gzipped, identity: script }).map(([coding, body]) => [coding, { body, etag: tag(body) }]),
  )
}

/**
 * The encodings by the script's own tag: brotli at its highest quality takes about 150 ms of CPU, which a
 * process that starts several servers (a test suite, a host app that re-registers) pays once per script.
 */
const encodings = new Map<string, Promise<Map<string, Representation>>>()

function encodeOnce(script: Buffer): Promise<Map<string, Representation>> {
  const key = tag(script)
  let encoded = encodings.get(key)
  if (!encoded) {
    encoded = encode(script)
    encodings.set(key, encoded)
  }
  return encoded
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
  const representations = await encodeOnce(script)
  const preferred = [...representations.keys()]

  app.get('/widget.js', { schema: { hide: true } }, (request, reply) => {
    // Added to CORS's `Vary: Origin`: a cache must key the answer on both.
    const vary = reply.getHeader('vary')
    reply.header('vary', vary === undefined ? 'accept-encoding' : `${String(vary)}, accept-encoding`)
    const encoding = new Negotiator(request).encoding(preferred, { preferred })
    const chosen = representations.get(encoding ?? '')
    if (chosen === undefined) {
      throw new PorchlightError('not_acceptable', `Accept-Encoding refuses every coding this script is served in: ${preferred.join(', ')}.`)
    }
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300, must-revalidate')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('etag', chosen.etag)
    // Only If-None-Match decides: fresh() also answers 200 to any `Cache-Control: no-cache`, which fetch()
    // adds to every request with a conditional header of its own.
    if (fresh({ 'if-none-match': request.headers['if-none-match'] }, { etag: chosen.etag })) return reply.status(304).send()
    if (encoding !== 'identity') reply.header('content-encoding', encoding)
    return reply.send(chosen.body)
  })
}
