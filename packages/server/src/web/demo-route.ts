import type { FastifyInstance } from 'fastify'

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Porchlight demo</title>
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
<script>
  window.Porchlight = window.Porchlight || function () { (Porchlight.q = Porchlight.q || []).push(arguments) }
</script>
<script async src="/widget.js" data-site="default"></script>
</body>
</html>
`

/** `GET /`: a page with the widget on it, to try Porchlight right after `npm start`. */
export async function demoRoute(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const origin = `${request.protocol}://${request.host}`.replace(/[<>"&]/g, '')
    return reply.type('text/html; charset=utf-8').send(page.replace('ORIGIN', origin))
  })
}
