import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { ConfigError, type ConfigProblem } from './config-error.js'
import { parseDuration } from './duration.js'
import { resolveOptions, whyNotZero, type PorchlightOptions, type Timings } from './options.js'

/** The levels `LOG_LEVEL` accepts: pino's, from the fewest lines to the most. */
export const logLevels = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const
export type LogLevel = (typeof logLevels)[number]

/** The standalone server's configuration: where to listen, what to log, and the plugin's options. */
export interface ServerConfig {
  port: number
  host: string
  logLevel: LogLevel
  /** Which proxies' `X-Forwarded-For` names the client (Fastify's `trustProxy`): the address limits count by it. */
  trustProxy: boolean | string[]
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
  agentIdleAfter: 'PORCHLIGHT_AGENT_IDLE_AFTER',
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
  'webhooks.allowPrivateAddresses': 'PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE',
  ...Object.fromEntries(Object.entries(durationVariables).map(([key, name]) => [`timings.${key}`, name])),
}

const durationFormat = 'a duration: milliseconds, or a number with ms, s, m, h or d (e.g. 500ms, 30s, 5m, 7d)'

/** Why `host` cannot be listened on, or `undefined` when it resolves. */
async function unresolvable(host: string): Promise<string | undefined> {
  try {
    await lookup(host)
    return undefined
  } catch (error) {
    return `it does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)})`
  }
}

/**
 * Reads the standalone server's configuration from environment variables, checks every one (the data
 * directory is created if missing and must be writable; `HOST` must resolve) and throws one
 * {@link ConfigError} with a line for each bad variable, naming it and what it accepts.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ PORT: '8080', PORCHLIGHT_FOLLOWUP_DELAY: '2m' })
 * config.porchlight.timings?.followupDelay // 120000
 * ```
 */
export async function loadConfig(env: Record<string, string | undefined>): Promise<ServerConfig> {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name])
  const problems: ConfigProblem[] = []

  const portText = value('PORT') ?? '3000'
  let port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) {
    problems.push({ setting: 'PORT', accepts: 'a port number from 0 to 65535', received: portText })
    port = 3000
  }

  const host = value('HOST') ?? '127.0.0.1'
  const hostProblem = await unresolvable(host)
  if (hostProblem !== undefined) {
    problems.push({ setting: 'HOST', accepts: 'an IP address or a host name of this machine', received: host, reason: hostProblem })
  }

  const logLevel = (value('LOG_LEVEL') ?? 'info') as LogLevel
  if (!logLevels.includes(logLevel)) problems.push({ setting: 'LOG_LEVEL', accepts: `one of ${logLevels.join(', ')}`, received: logLevel })

  const trustProxy = parseTrustProxy(value('TRUST_PROXY'))
  if (trustProxy === undefined) {
    problems.push({
      setting: 'TRUST_PROXY',
      accepts: "true, false, or the proxies' addresses and CIDR ranges separated by commas",
      received: value('TRUST_PROXY'),
    })
  }

  const timings: Partial<Timings> = {}
  for (const [key, name] of Object.entries(durationVariables) as [keyof Timings, string][]) {
    const text = value(name)
    if (text === undefined) continue
    const milliseconds = parseDuration(text)
    if (milliseconds === undefined) problems.push({ setting: name, accepts: durationFormat, received: text })
    else if (milliseconds === 0) problems.push({ setting: name, accepts: 'a duration above 0', received: text, reason: whyNotZero[key] })
    else timings[key] = milliseconds
  }

  const allowPrivate = value('PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE')
  if (allowPrivate !== undefined && allowPrivate !== 'true' && allowPrivate !== 'false') {
    problems.push({ setting: 'PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE', accepts: 'true or false', received: allowPrivate })
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
    ...(allowPrivate === 'true' && { webhooks: { allowPrivateAddresses: true } }),
  }
  try {
    resolveOptions(porchlight)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    for (const problem of error.problems) {
      const variable = optionVariables[problem.setting]
      if (variable === undefined) problems.push(problem)
      // A duration is reported as it was written, not in the milliseconds it became.
      else
        problems.push({
          ...problem,
          setting: variable,
          received: problem.setting.startsWith('timings.') ? env[variable] : problem.received,
        })
    }
  }
  const [first, ...more] = problems
  if (first) throw new ConfigError([first, ...more])
  return { port, host, logLevel, trustProxy: trustProxy ?? false, porchlight }
}

/** `TRUST_PROXY` as Fastify's `trustProxy`; undefined for a value it would not understand. */
function parseTrustProxy(text: string | undefined): boolean | string[] | undefined {
  if (text === undefined || text === 'false') return false
  if (text === 'true') return true
  const entries = text.split(',').map((entry) => entry.trim())
  const isRange = (entry: string) => {
    const [address = '', bits, ...rest] = entry.split('/')
    const family = isIP(address)
    if (family === 0 || rest.length > 0) return false
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))
  }
  return entries.every(isRange) ? entries : undefined
}
