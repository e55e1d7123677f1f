import { ConfigError, type ConfigProblem } from './config-error.js'
import { prepareDataDir } from './data-dir.js'

/** How long things take, in milliseconds. Presence and follow-up timings are the defaults for every site. */
export interface Timings {
  /** How often the server pings every socket; a dead one is found within two. Keep it at 60 s or less behind a proxy. */
  heartbeatInterval: number
  /** How long after its last connection closes a visitor turns offline. */
  offlineGrace: number
  /** How long every tab must be hidden before a visitor turns away. */
  awayAfter: number
  /** How long without input before a visible visitor turns idle. */
  idleAfter: number
  /** How long without a visitor message (while not online) before a session turns inactive. */
  inactivityWindow: number
  /** How long an agent's reply may stay unread before the visitor gets an email. Not used yet. */
  followupDelay: number
  /** How long the link in a follow-up email works. Not used yet. */
  resumeLinkTtl: number
  /** How long a new visitor socket may take to send `hello`. */
  handshakeTimeout: number
  /** How long an agent's sign-in lasts. */
  agentSessionTtl: number
}

/** Per-connection and per-address rate limits. */
export interface RateLimits {
  /** Messages a visitor socket may send per second, sustained. */
  messagesPerSecond: number
  /** Messages a visitor socket may send in a burst above the sustained rate. */
  messageBurst: number
  /** Presence frames (signals, pagehide, freeze) a visitor socket may send per second, sustained. */
  signalsPerSecond: number
  /** Presence frames a visitor socket may send in a burst above the sustained rate. */
  signalBurst: number
  /** Sign-in attempts one address may make per minute. */
  loginAttemptsPerMinute: number
  /** Beacons one address may send per minute. */
  beaconsPerMinute: number
}

/**
 * The options of the `porchlight` Fastify plugin.
 *
 * @example
 * ```ts
 * await app.register(porchlight, { dataDir: './data', publicUrl: 'https://chat.example.com' })
 * ```
 */
export interface PorchlightOptions {
  /** Where the SQLite database and the generated secret live. */
  dataDir: string
  /** The base of links in emails; defaults to `http://localhost:3000`. */
  publicUrl?: string
  /** Keys tokens; generated on first start and kept in `dataDir` when not given. At least 32 characters. */
  secret?: string
  /**
   * The first admin, created when no agent exists. Without a password, one is generated and printed once
   * on stderr when the server starts listening (so a start that fails leaves no admin nobody can use).
   */
  admin?: { email?: string; password?: string }
  /** SMTP server for emails (`smtp://` or `smtps://`). Checked, but not used yet: no email is sent before follow-ups exist. */
  smtpUrl?: string
  /** The sender of emails. Checked, but not used yet. */
  mailFrom?: string
  timings?: Partial<Timings>
  rateLimits?: Partial<RateLimits>
  /** The built `widget.js` to serve at `/widget.js`; defaults to the one in `@porchlight/widget`. */
  widgetScript?: string
  /** The clock, in milliseconds since the epoch; tests inject their own. */
  clock?: () => number
}

/** The options once defaults are applied and every value is checked. */
export interface ResolvedOptions {
  dataDir: string
  publicUrl: string
  secret: string | undefined
  /** `configured`: the host set an email or a password (ignored, with a warning, once agents exist). */
  admin: { email: string; password: string | undefined; configured: boolean }
  smtpUrl: string | undefined
  mailFrom: string
  timings: Timings
  rateLimits: RateLimits
  widgetScript: string | undefined
  clock: () => number
  /** Options that work but are unwise, one sentence each, for the log. */
  warnings: readonly string[]
}

export const defaultTimings: Timings = {
  heartbeatInterval: 10_000,
  offlineGrace: 10_000,
  awayAfter: 10_000,
  idleAfter: 5 * 60_000,
  inactivityWindow: 10 * 60_000,
  followupDelay: 5 * 60_000,
  resumeLinkTtl: 7 * 86_400_000,
  handshakeTimeout: 10_000,
  agentSessionTtl: 7 * 86_400_000,
}

export const defaultRateLimits: RateLimits = {
  messagesPerSecond: 5,
  messageBurst: 20,
  signalsPerSecond: 10,
  signalBurst: 40,
  loginAttemptsPerMinute: 10,
  beaconsPerMinute: 120,
}

/** The longest delay Node's timers accept: a longer one fires after 1 ms instead. */
const longestTimer = 2 ** 31 - 1

/** Proxies such as nginx close a WebSocket that carried nothing for this long (their default). */
const proxyIdleTimeout = 60_000

/** The timings that become timers; the others are compared with the clock and may be longer. */
const timerTimings = new Set<string>([
  'heartbeatInterval',
  'offlineGrace',
  'awayAfter',
  'idleAfter',
  'inactivityWindow',
  'handshakeTimeout',
])

/** Why a timing cannot be 0, where "a positive whole number" does not say it. */
export const whyNotZero: Partial<Record<keyof Timings, string>> = {
  heartbeatInterval: 'it is how often the server pings each connection; without pings it could never find a dead one',
}

function positiveIntegers<T extends object>(
  name: string,
  defaults: T,
  given: Partial<T> | undefined,
  problems: ConfigProblem[],
  reasons: Partial<Record<string, string>> = {},
): T {
  const merged = { ...defaults, ...given }
  for (const [key, value] of Object.entries(merged)) {
    if (!(key in defaults)) {
      problems.push({ setting: `${name}.${key}`, accepts: `one of ${Object.keys(defaults).join(', ')}`, received: key })
    } else if (!Number.isSafeInteger(value) || (value as number) <= 0) {
      const reason = (value as number) <= 0 ? reasons[key] : undefined
      problems.push({ setting: `${name}.${key}`, accepts: 'a positive whole number', received: value, reason })
    }
  }
  return merged
}

function checkTimings(timings: Timings, problems: ConfigProblem[], warnings: string[]): void {
  for (const [key, value] of Object.entries(timings)) {
    if (timerTimings.has(key) && Number.isSafeInteger(value) && value > longestTimer) {
      problems.push({ setting: `timings.${key}`, accepts: `at most ${longestTimer} milliseconds (about 24 days)`, received: value })
    }
  }
  const heartbeat = timings.heartbeatInterval
  if (heartbeat > proxyIdleTimeout) {
    warnings.push(
      `The heartbeat interval (timings.heartbeatInterval, PORCHLIGHT_HEARTBEAT_INTERVAL) is ${heartbeat / 1000} s: ` +
        `proxies such as nginx close a WebSocket that is silent for 60 s, so sockets behind one will drop; keep it at 60 s or less`,
    )
  }
}

function httpUrl(name: string, value: string, problems: ConfigProblem[]): string {
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin + url.pathname.replace(/\/$/, '')
  } catch {
    // Not a URL at all: refused below, like one of another scheme.
  }
  problems.push({ setting: name, accepts: 'an http:// or https:// URL', received: value })
  return value
}

/**
 * Applies defaults and checks every option once, at registration, so that a mistake stops the server at
 * start, never later at run time. The data directory is created if it is missing and must be writable.
 * Throws one {@link ConfigError} that lists every bad option; `warnings` holds what works but is unwise.
 *
 * @example
 * ```ts
 * const options = resolveOptions({ dataDir: './data', timings: { heartbeatInterval: 5000 } })
 * options.timings.offlineGrace // 10000, the default
 * ```
 */
export function resolveOptions(options: PorchlightOptions): ResolvedOptions {
  const problems: ConfigProblem[] = []
  const warnings: string[] = []
  const refuse = (setting: string, accepts: string, received: unknown, reason?: string) =>
    problems.push({ setting, accepts, received, reason })
  if (typeof options?.dataDir !== 'string' || options.dataDir.trim() === '') {
    refuse('dataDir', 'a directory path', options?.dataDir)
  } else {
    const unusable = prepareDataDir(options.dataDir)
    if (unusable !== undefined) refuse('dataDir', 'a directory Porchlight can create and write to', options.dataDir, unusable)
  }
  if (options.secret !== undefined && (typeof options.secret !== 'string' || options.secret.length < 32)) {
    refuse('secret', 'a string of at least 32 characters', options.secret)
  }
  if (options.smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(options.smtpUrl)) {
    refuse('smtpUrl', 'an smtp:// or smtps:// URL', options.smtpUrl)
  }
  if (options.mailFrom !== undefined && !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(options.mailFrom)) {
    refuse('mailFrom', 'an address, optionally with a name: Name <address@example.com>', options.mailFrom)
  }
  const admin = options.admin ?? {}
  if (admin.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(admin.email)) {
    refuse('admin.email', 'an email address', admin.email)
  }
  if (admin.password !== undefined && (typeof admin.password !== 'string' || admin.password.length < 8)) {
    refuse('admin.password', 'at least 8 characters', '(hidden)')
  }
  const publicUrl = httpUrl('publicUrl', options.publicUrl ?? 'http://localhost:3000', problems)
  const timings = positiveIntegers('timings', defaultTimings, options.timings, problems, whyNotZero)
  checkTimings(timings, problems, warnings)
  const rateLimits = positiveIntegers('rateLimits', defaultRateLimits, options.rateLimits, problems)
  const [first, ...more] = problems
  if (first) throw new ConfigError([first, ...more])
  return {
    dataDir: options.dataDir,
    publicUrl,
    secret: options.secret,
    admin: {
      email: admin.email ?? 'admin@localhost',
      password: admin.password,
      configured: admin.email !== undefined || admin.password !== undefined,
    },
    smtpUrl: options.smtpUrl,
    mailFrom: options.mailFrom ?? 'Porchlight <no-reply@localhost>',
    timings,
    rateLimits,
    widgetScript: options.widgetScript,
    clock: options.clock ?? Date.now,
    warnings,
  }
}
