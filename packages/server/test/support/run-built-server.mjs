// The built server (dist/) in a process of its own, for tests that kill it: `buildApp` with the options
// given as JSON in PORCHLIGHT_TEST_OPTIONS, on an ephemeral loopback port. It prints `listening <port>`
// once it accepts connections. No signal handlers: SIGKILL is the point.
import { buildApp } from '../../dist/app.js'

const app = await buildApp(JSON.parse(process.env.PORCHLIGHT_TEST_OPTIONS ?? '{}'), { logger: false })
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`listening ${app.server.address().port}\n`)
