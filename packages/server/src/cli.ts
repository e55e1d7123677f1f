#!/usr/bin/env node
import { buildApp } from './app.js'
import { ConfigError } from './config/config-error.js'
import { listenError } from './config/listen-error.js'
import { loadConfig } from './config/load-config.js'
import { loggerOptions } from './config/logger-options.js'
import { passwordNotice } from './identity/generated-password.js'
import { resetPassword } from './identity/reset-password.js'

/** How long a graceful shutdown may take before the process exits anyway. */
const shutdownDeadline = 10_000

const usage = `Usage:
  porchlight-server                          start the server, configured by environment variables
                                             (PORT, HOST, PORCHLIGHT_DATA_DIR, LOG_LEVEL, ...: see the README)
  porchlight-server reset-password <email>   print a new password for an agent and sign them out everywhere;
                                             uses PORCHLIGHT_DATA_DIR (default ./data), works while the server runs
  porchlight-server --help                   show this
`

/** A mistake in how the command was called: one line, then the usage, exit code 1. */
class UsageError extends Error {}

async function serve(): Promise<void> {
  const config = await loadConfig(process.env)
  const app = await buildApp(config.porchlight, {
    logger: loggerOptions(config.logLevel, process.stdout.isTTY === true),
    trustProxy: config.trustProxy,
  })
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
  // Before listening: a signal that comes as soon as the server says it listens still closes it gracefully.
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    await app.close()
    throw listenError(error, config.port, config.host) ?? error
  }
}

async function resetPasswordCommand(email: string): Promise<void> {
  const dataDir = process.env.PORCHLIGHT_DATA_DIR || './data'
  const password = await resetPassword(dataDir, email)
  if (password === undefined) {
    process.stderr.write(`porchlight: no agent has the email ${JSON.stringify(email)} in ${dataDir} (PORCHLIGHT_DATA_DIR)\n`)
    process.exit(1)
  }
  process.stdout.write(passwordNotice(`New password for ${email}; they are signed out everywhere.`, email, password))
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args
  if (command === undefined) return serve()
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage)
    return
  }
  if (command === 'reset-password') {
    if (rest.length !== 1 || rest[0]!.startsWith('-')) throw new UsageError("reset-password takes the agent's email")
    return resetPasswordCommand(rest[0]!)
  }
  throw new UsageError(`unknown command ${JSON.stringify(command)}`)
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`porchlight: ${error.message}\n${usage}`)
  } else if (error instanceof ConfigError) {
    for (const line of error.message.split('\n')) process.stderr.write(`porchlight: ${line}\n`)
  } else {
    process.stderr.write(`porchlight: could not start: ${error instanceof Error ? error.stack : String(error)}\n`)
  }
  process.exit(1)
})
