import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import type { PorchlightOptions } from '../../src/config/options.js'
import { porchlight } from '../../src/plugin.js'
import { admin } from './start-server.js'

/** A host app with Porchlight mounted in it, listening on an ephemeral loopback port. */
export interface HostApp {
  app: FastifyInstance
  url: string
  /** Stops the app and deletes Porchlight's data directory. */
  close(): Promise<void>
}

/**
 * Starts a Fastify app of a host's own: `setup` registers the host's plugins and routes, then Porchlight is
 * mounted with a temporary data directory, the admin from `admin`, and `options`.
 */
export async function startHostApp(
  options: Partial<PorchlightOptions> = {},
  setup: (app: FastifyInstance) => Promise<void> | void = () => {},
): Promise<HostApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'porchlight-host-'))
  const app = Fastify()
  const close = async () => {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await setup(app)
    await app.register(porchlight, { admin, ...options, dataDir })
    await app.listen({ port: 0, host: '127.0.0.1' })
  } catch (error) {
    await close()
    throw error
  }
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, close }
}
