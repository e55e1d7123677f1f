import { ConfigError } from './config-error.js'

/** How long things take, in milliseconds. Presence and follow-up timings are the defaults for every site. */
export interface Timings {
  /** How often the server pings every socket. */
  heartbeatInterval: number
  /** How long after its last connection closes a visitor turns offline. */
  offlineGrace: number
  /** How long every tab must be hidden before a visitor turns away. */
  awayAfter: number
  /** How long without input before a visible visitor turns idle. */
  idleAfter: number
  /** How long without a visitor message (while not online) before a session turns inactive. */
  inactivityWindow: number
  /** How long an agent's reply may stay unread before the visitor gets an email. */
  followupDelay: number
  /** How long the link in a follow-up email works. */
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
  /** The first admin, created when no agent exists. Without a password, one is generated and logged once. */
  admin?: { email?: string; password?: string }
  /** SMTP server for emails (`smtp://` or `smtps://`); unset, emails are written to `dataDir/outbox`. */
  smtpUrl?: string
  /** The sender of emails. */
  mailFrom?: string
  timings?: Partial<Timings>
  rateLimits?: Partial<RateLimits>
  /** The built `widget.js` to serve at `/widget.js`; defaults to the one in `@porchlight/widget`. */
  widgetScript?: string
  /** Serve the API reference, `/openapi.json` and Swagger UI at `/docs`; defaults to `true`. */
  docs?: boolean
  /** The clock, in milliseconds since the epoch; tests inject their own. */
  clock?: () => number
}

/** The options once defaults are applied and every value is checked. */
export interface ResolvedOptions {
  dataDir: string
  publicUrl: string
  secret: string | undefined
  admin: { email: string; password: string | undefined }
  smtpUrl: string | undefined
  mailFrom: string
  timings: Timings
  rateLimits: RateLimits
  widgetScript: string | undefined
  docs: boolean
  clock: () => number
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

/** `given` over `defaults`, every value a positive whole number; a ConfigError names `name.key` otherwise. */
export function positiveIntegers<T extends object>(name: string, defaults: T, given: Partial<T> | undefined): T {
  const merged = { ...defaults, ...given }
  for (const [key, value] of Object.entries(merged)) {
    if (!(key in defaults)) throw new ConfigError(`${name}.${key}`, `one of ${Object.keys(defaults).join(', ')}`, key)
    if (!Number.isSafeInteger(value) || (value as number) <= 0) {
      throw new ConfigError(`${name}.${key}`, 'a positive whole number', value)
    }
  }
  return merged
}

function httpUrl(name: string, value: string): string {
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin + url.pathname.replace(/\/$/, '')
  } catch {
    // Not a URL at all: refused below like any other scheme.
  }
  throw new ConfigError(name, 'an http:// or https:// URL', value)
}

/**
 * Applies defaults and checks every option once, at registration, so that a mistake stops the server at
 * start with a {@link ConfigError} naming the option, never later at run time.
 */
export function resolveOptions(options: PorchlightOptions): ResolvedOptions {
  if (typeof options?.dataDir !== 'string' || options.dataDir.trim() === '') {
    throw new ConfigError('dataDir', 'a directory path', options?.dataDir)
  }
  if (options.secret !== undefined && (typeof options.secret !== 'string' || options.secret.length < 32)) {
    throw new ConfigError('secret', 'a string of at least 32 characters', options.secret)
  }
  if (options.smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(options.smtpUrl)) {
    throw new ConfigError('smtpUrl', 'an smtp:// or smtps:// URL', options.smtpUrl)
  }
  if (options.mailFrom !== undefined && !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(options.mailFrom)) {
    throw new ConfigError('mailFrom', 'an address, optionally with a name: Name <address@example.com>', options.mailFrom)
  }
  const admin = options.admin ?? {}
  if (admin.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(admin.email)) {
    throw new ConfigError('admin.email', 'an email address', admin.email)
  }
  if (admin.password !== undefined && admin.password.length < 8) {
    throw new ConfigError('admin.password', 'at least 8 characters', '(hidden)')
  }
  if (options.docs !== undefined && typeof options.docs !== 'boolean') {
    throw new ConfigError('docs', 'true or false', options.docs)
  }
  return {
    dataDir: options.dataDir,
    publicUrl: httpUrl('publicUrl', options.publicUrl ?? 'http://localhost:3000'),
    secret: options.secret,
    admin: { email: admin.email ?? 'admin@localhost', password: admin.password },
    smtpUrl: options.smtpUrl,
    mailFrom: options.mailFrom ?? 'Porchlight <no-reply@localhost>',
    timings: positiveIntegers('timings', defaultTimings, options.timings),
    rateLimits: positiveIntegers('rateLimits', defaultRateLimits, options.rateLimits),
    widgetScript: options.widgetScript,
    docs: options.docs ?? true,
    clock: options.clock ?? Date.now,
  }
}
