// A host app that mounts Porchlight the way the README shows, with Fastify's default (silent) logger.
// Prints `listening <port>` or `failed <code>` on stdout; PORT and PORCHLIGHT_DATA_DIR come from the environment.
import Fastify from 'fastify'
import { porchlight } from '../../dist/index.js'

const app = Fastify()
await app.register(porchlight, { dataDir: process.env.PORCHLIGHT_DATA_DIR })
try {
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
  process.stdout.write(`listening ${app.server.address().port}\n`)
} catch (error) {
  process.stdout.write(`failed ${error.code}\n`)
  await app.close()
  process.exitCode = 1
}
process.on('SIGTERM', () => void app.close())
