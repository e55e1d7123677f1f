#!/usr/bin/env node
import { buildApp } from './app.js'
import { ConfigError } from './config/config-error.js'
import { loadConfig } from './config/load-config.js'

/** How long a graceful shutdown may take before the process exits anyway. */
const shutdownDeadline = 10_000

async function main(): Promise<void> {
  const config = loadConfig(process.env)
  const app = await buildApp(config.porchlight, { logger: { level: process.env.LOG_LEVEL ?? 'info' } })
  await app.listen({ port: config.port, host: config.host })

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info(`${signal}: shutting down`)
    setTimeout(() => process.exit(1), shutdownDeadline).unref()
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`porchlight: ${error.message}\n`)
  } else {
    process.stderr.write(`porchlight: could not start: ${error instanceof Error ? error.stack : String(error)}\n`)
  }
  process.exit(1)
})
