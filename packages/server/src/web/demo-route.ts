import type { FastifyInstance } from 'fastify'
import { inlineHash, pagePolicy } from './security-headers.js'

/** The command queue of the embed snippet: calls made before widget.js arrives wait in `Porchlight.q`. */
const queueStub = `
  window.Porchlight = window.Porchlight || function () { (Porchlight.q = Porchlight.q || []).push(arguments) }
`

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Porchlight demo</title>
<link rel="icon" href="data:,">
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1f2933; }
  code { background: #f1f3f5; padding: .1rem .3rem; border-radius: 4px; }
  pre { overflow-x: auto; }
</style>
</head>
<body>
<h1>Porchlight demo</h1>
<p>This page has the Porchlight widget on it: open the chat with the button in the bottom corner and write.
Agents read and answer over the REST API (<a href="/docs">reference</a>).</p>
<p>Embed it on any site with one tag:</p>
<pre><code>&lt;script async src="ORIGIN/widget.js" data-site="default"&gt;&lt;/script&gt;</code></pre>
<script>${queueStub}</script>
<script async src="/widget.js" data-site="default"></script>
</body>
</html>
`

/**
 * The page's policy: its inline script by hash, nothing else inline. Styles may be inline: the widget adds
 * a `<style>` to its shadow root, which a hash could name only by tying the server to the widget's CSS.
 */
const directives = pagePolicy({ scripts: [inlineHash(queueStub)], styles: ["'unsafe-inline'"] })

/** `GET /`: a page with the widget on it, to try Porchlight right after `npm start`. */
export function demoRoute(app: FastifyInstance): void {
  app.get('/', { schema: { hide: true }, helmet: { contentSecurityPolicy: { useDefaults: false, directives } } }, (request, reply) => {
    const origin = `${request.protocol}://${request.host}`.replace(/[<>"&]/g, '')
    return reply.type('text/html; charset=utf-8').send(page.replace('ORIGIN', origin))
  })
}
