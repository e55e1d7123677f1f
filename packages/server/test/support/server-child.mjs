// The built server in a process of its own, for tests that must stop, stall or kill it for real. Takes
// the plugin's options as JSON in argv[2] and a port in argv[3] (default: an ephemeral one); prints
// {"port": N} on stdout once it listens.
import { buildApp } from '../../dist/app.js'

const app = await buildApp(JSON.parse(process.argv[2]), { logger: false })
await app.listen({ port: Number(process.argv[3] ?? 0), host: '127.0.0.1' })
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
