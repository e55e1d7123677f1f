import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { compressOnce, sendCompressed, type CompressedAsset } from '../web/compressed-asset.js'
import { pagePolicy } from '../web/security-headers.js'

/**
 * Where the server package's build (`rollup -c`) writes the inbox: the same from `src/inbox` and
 * `dist/inbox`. A path rather than a URL: a page's `URL` (jsdom's, in tests that mount the server) resolves
 * relative to the page, not to the file.
 */
const bundleDir = join(dirname(fileURLToPath(import.meta.url)), '../../dist/inbox-app')

/** The bundle's files and their content types. */
const files = { 'inbox.js': 'text/javascript; charset=utf-8', 'inbox.css': 'text/css; charset=utf-8' } as const

/** Fingerprinted assets never change under their address: a new build is a new address. */
const immutable = 'public, max-age=31536000, immutable'

/** `inbox.js` → `inbox.<hash>.js`, so that the page names exactly the build it was served with. */
function fingerprinted(name: string, asset: CompressedAsset): string {
  const hash = asset.tag.slice(1, 13)
  return name.replace('.', `.${hash}.`)
}

function page(script: string, style: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Porchlight inbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/inbox/${style}">
<script defer src="/inbox/${script}"></script>
</head>
<body>
<div id="inbox"></div>
<noscript>The Porchlight inbox needs JavaScript.</noscript>
</body>
</html>
`
}

/**
 * `GET /inbox`: the agents' inbox, a Preact app that talks only to the agent REST API and `/ws/agent`.
 * The page holds no inline script or style (the strict {@link pagePolicy}) and is revalidated on every
 * visit; its script and stylesheet are fingerprinted, compressed once at start and cached for good.
 */
export async function inboxRoute(app: FastifyInstance): Promise<void> {
  const assets = new Map<string, { asset: CompressedAsset; type: string }>()
  const names: Record<string, string> = {}
  for (const [name, type] of Object.entries(files)) {
    let file: Buffer
    try {
      file = await readFile(join(bundleDir, name))
    } catch {
      throw new Error(`The agent inbox is not built (${join(bundleDir, name)} is missing): run \`npm run build\` first.`)
    }
    const asset = await compressOnce(file)
    names[name] = fingerprinted(name, asset)
    assets.set(names[name], { asset, type })
  }
  const html = page(names['inbox.js']!, names['inbox.css']!)
  const directives = pagePolicy()

  app.get('/inbox', { schema: { hide: true }, helmet: { contentSecurityPolicy: { useDefaults: false, directives } } }, (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
  )
  app.get<{ Params: { file: string } }>('/inbox/:file', { schema: { hide: true } }, (request, reply) => {
    const found = assets.get(request.params.file)
    if (!found) return reply.callNotFound()
    return sendCompressed(request, reply, found.asset, { 'content-type': found.type, 'cache-control': immutable })
  })
}
