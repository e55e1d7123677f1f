import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fresh from 'fresh'
import { PorchlightError } from '../errors/porchlight-error.js'

/**
 * negotiator's content negotiation, typed here: its DefinitelyTyped types describe 0.6, while 1.x also takes
 * the server's own order of preference, which breaks ties between codings the client rates equally.
 */
const Negotiator = createRequire(import.meta.url)('negotiator') as new (request: { headers: IncomingHttpHeaders }) => {
  encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined
}

/** One content coding of a file: its bytes and its own strong ETag (caches keep one per coding). */
interface Representation {
  body: Buffer
  etag: string
}

/** A static file in every content coding it is served in, best first. */
export interface CompressedAsset {
  /** The strong ETag of the uncompressed bytes: a name for this version of the file. */
  readonly tag: string
  readonly representations: ReadonlyMap<string, Representation>
}

/** A strong ETag for these bytes. */
export function contentTag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`
}

/**
 * The file in each content coding it is served in, brotli and gzip at their highest quality (compressed
 * off the event loop), best first for when the client rates them equally.
 */
async function encode(file: Buffer): Promise<CompressedAsset> {
  const [brotli, gzipped] = await Promise.all([
    promisify(brotliCompress)(file, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: file.length,
      },
    }),
    promisify(gzip)(file, { level: constants.Z_BEST_COMPRESSION }),
  ])
  const representations = new Map(
    Object.entries({ br: brotli, gzip: gzipped, identity: file }).map(([coding, body]) => [coding, { body, etag: contentTag(body) }]),
  )
  return { tag: contentTag(file), representations }
}

/**
 * The encodings by the file's own tag: brotli at its highest quality takes about 150 ms of CPU, which a
 * process that starts several servers (a test suite, a host app that re-registers) pays once per file.
 */
const encodings = new Map<string, Promise<CompressedAsset>>()

/**
 * Compresses a static text file once per process, for {@link sendCompressed}.
 *
 * @example
 * ```ts
 * const asset = await compressOnce(await readFile('dist/widget.js'))
 * app.get('/widget.js', (request, reply) => sendCompressed(request, reply, asset, { 'content-type': 'text/javascript' }))
 * ```
 */
export function compressOnce(file: Buffer): Promise<CompressedAsset> {
  const key = contentTag(file)
  let encoded = encodings.get(key)
  if (!encoded) {
    encoded = encode(file)
    encodings.set(key, encoded)
  }
  return encoded
}

/**
 * Answers with the coding of `asset` that `Accept-Encoding` prefers, negotiated with its q-values
 * (`gzip;q=0` refuses gzip, `identity;q=0` the uncompressed file; nothing acceptable is 406
 * `not_acceptable`), or 304 when `If-None-Match` (several tags, weak ones or `*`) names it. `headers` (the
 * content type, caching) are set once a coding is chosen, so that a 406 keeps the error's own.
 */
export function sendCompressed(
  request: FastifyRequest,
  reply: FastifyReply,
  asset: CompressedAsset,
  headers: Record<string, string>,
): FastifyReply {
  // Added to CORS's `Vary: Origin`: a cache must key the answer on both.
  const vary = reply.getHeader('vary')
  reply.header('vary', vary === undefined ? 'accept-encoding' : `${String(vary)}, accept-encoding`)
  const preferred = [...asset.representations.keys()]
  const encoding = new Negotiator(request).encoding(preferred, { preferred })
  const chosen = asset.representations.get(encoding ?? '')
  if (chosen === undefined) {
    throw new PorchlightError('not_acceptable', `Accept-Encoding refuses every coding this file is served in: ${preferred.join(', ')}.`)
  }
  reply.headers(headers).header('etag', chosen.etag)
  // Only If-None-Match decides: fresh() also answers 200 to any `Cache-Control: no-cache`, which fetch()
  // adds to every request with a conditional header of its own.
  if (fresh({ 'if-none-match': request.headers['if-none-match'] }, { etag: chosen.etag })) return reply.status(304).send()
  if (encoding !== 'identity') reply.header('content-encoding', encoding)
  return reply.send(chosen.body)
}
