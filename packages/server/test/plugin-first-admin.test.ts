import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'
import { passwordIn, runProcess } from './support/run-cli.js'
import { login } from './support/start-server.js'
import { temporaryDirectories } from './support/temp-dirs.js'

const hostApp = fileURLToPath(new URL('./support/host-app.mjs', import.meta.url))
const tempDir = temporaryDirectories('porchlight-host-')
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

it('a host app that fails to listen leaves no admin; the one that listens shows the password though its logger is off', async () => {
  const dataDir = tempDir()
  const holder = createServer()
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => holder.close(resolve)))

  const refused = runProcess(process.execPath, [hostApp], {
    PORT: String((holder.address() as { port: number }).port),
    PORCHLIGHT_DATA_DIR: dataDir,
  })
  expect(await refused.exited).toBe(1)
  expect(refused.stdout()).toBe('failed EADDRINUSE\n')
  expect(refused.stderr()).toBe('')

  const host = runProcess(process.execPath, [hostApp], { PORT: '0', PORCHLIGHT_DATA_DIR: dataDir })
  cleanups.push(async () => {
    host.kill('SIGTERM')
    await host.exited
  })
  const [, port] = await host.waitFor('stdout', /listening (\d+)/)
  const admin = await passwordIn(host, 'stderr')
  expect(await login(`http://127.0.0.1:${port}`, admin)).toMatch(/^porchlight_session=/)
}, 30_000)
