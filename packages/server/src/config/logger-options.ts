import type { FastifyServerOptions } from 'fastify'
import pretty from 'pino-pretty'
import type { LogLevel } from './load-config.js'

/**
 * How the standalone server logs: lines for a person (colours, local time, no pid) when stdout is a
 * terminal, JSON lines for a log collector otherwise.
 *
 * @example
 * ```ts
 * const app = Fastify({ logger: loggerOptions('info', process.stdout.isTTY === true) })
 * ```
 */
export function loggerOptions(level: LogLevel, isTTY: boolean): NonNullable<FastifyServerOptions['logger']> {
  if (!isTTY) return { level }
  // Synchronous, like pino's own stdout: nothing is lost when the process exits right after a line.
  return { level, stream: pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) }
}
