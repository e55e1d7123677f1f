// An existing Fastify app that mounts Porchlight next to its own routes.
// Run from the repository root: npm run build && npm start -w porchlight-example-fastify-plugin
import Fastify from 'fastify'
import { porchlight } from '@porchlight/server'

const port = Number(process.env.PORT ?? 4000)
const app = Fastify({ logger: true })

// The host app's own routes stay its own.
app.get('/', async (request, reply) =>
  reply.type('text/html').send(`<!doctype html>
<title>My shop</title>
<h1>My shop</h1>
<p>Porchlight is mounted in this app: the chat button is in the corner.</p>
<script async src="/widget.js" data-site="default"></script>`),
)
app.get('/api/products', async () => [{ id: 1, name: 'Lamp' }])

await app.register(porchlight, {
  dataDir: process.env.PORCHLIGHT_DATA_DIR ?? './data',
  // Links in emails and the agent API's origin check use it: it must be where browsers reach this app.
  publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
  admin: { email: 'admin@example.com', password: process.env.PORCHLIGHT_ADMIN_PASSWORD ?? 'change me please' },
})

await app.listen({ port, host: '127.0.0.1' })
