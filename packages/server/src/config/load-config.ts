import { ConfigError } from './config-error.js'
import { parseDuration } from './duration.js'
import { resolveOptions, type PorchlightOptions, type Timings } from './options.js'

/** The standalone server's configuration: where to listen, and the plugin's options. */
export interface ServerConfig {
  port: number
  host: string
  porchlight: PorchlightOptions
}

const durationVariables: Partial<Record<keyof Timings, string>> = {
  heartbeatInterval: 'PORCHLIGHT_HEARTBEAT_INTERVAL',
  offlineGrace: 'PORCHLIGHT_OFFLINE_GRACE',
  awayAfter: 'PORCHLIGHT_AWAY_AFTER',
  idleAfter: 'PORCHLIGHT_IDLE_AFTER',
  inactivityWindow: 'PORCHLIGHT_INACTIVITY_WINDOW',
  followupDelay: 'PORCHLIGHT_FOLLOWUP_DELAY',
  resumeLinkTtl: 'PORCHLIGHT_RESUME_LINK_TTL',
}

/** The environment variable behind each option, for errors that name what the user set. */
const optionVariables: Record<string, string> = {
  dataDir: 'PORCHLIGHT_DATA_DIR',
  publicUrl: 'PUBLIC_URL',
  secret: 'PORCHLIGHT_SECRET',
  smtpUrl: 'SMTP_URL',
  mailFrom: 'MAIL_FROM',
  'admin.email': 'PORCHLIGHT_ADMIN_EMAIL',
  'admin.password': 'PORCHLIGHT_ADMIN_PASSWORD',
  ...Object.fromEntries(Object.entries(durationVariables).map(([key, name]) => [`timings.${key}`, name])),
}

const durationFormat = 'a duration: milliseconds, or a number with ms, s, m, h or d (e.g. 500ms, 30s, 5m, 7d)'

/**
 * Reads the standalone server's configuration from environment variables. Throws a {@link ConfigError}
 * naming the first variable with a bad value and what it accepts.
 *
 * @example
 * ```ts
 * const config = loadConfig({ PORT: '8080', PORCHLIGHT_FOLLOWUP_DELAY: '2m' })
 * config.porchlight.timings?.followupDelay // 120000
 * ```
 */
export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name])

  const portText = value('PORT') ?? '3000'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError('PORT', 'a port number from 0 to 65535', portText)

  const timings: Partial<Timings> = {}
  for (const [key, name] of Object.entries(durationVariables) as [keyof Timings, string][]) {
    const text = value(name)
    if (text === undefined) continue
    const milliseconds = parseDuration(text)
    if (milliseconds === undefined || milliseconds <= 0) throw new ConfigError(name, durationFormat, text)
    timings[key] = milliseconds
  }

  const admin = { email: value('PORCHLIGHT_ADMIN_EMAIL'), password: value('PORCHLIGHT_ADMIN_PASSWORD') }
  const porchlight: PorchlightOptions = {
    dataDir: value('PORCHLIGHT_DATA_DIR') ?? './data',
    publicUrl: value('PUBLIC_URL') ?? `http://localhost:${port}`,
    ...(value('PORCHLIGHT_SECRET') !== undefined && { secret: value('PORCHLIGHT_SECRET') }),
    ...(value('SMTP_URL') !== undefined && { smtpUrl: value('SMTP_URL') }),
    ...(value('MAIL_FROM') !== undefined && { mailFrom: value('MAIL_FROM') }),
    admin: Object.fromEntries(Object.entries(admin).filter(([, v]) => v !== undefined)),
    timings,
  }
  try {
    resolveOptions(porchlight)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const variable = optionVariables[error.setting] ?? error.setting
    throw new ConfigError(variable, error.accepts, error.received)
  }
  return { port, host: value('HOST') ?? '127.0.0.1', porchlight }
}
