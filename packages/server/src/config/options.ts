import { defaultPasswordCost, type ScryptCost } from '../identity/passwords.js'
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

/** Per-visitor, per-connection and per-address rate limits. */
export interface RateLimits {
  /** Messages (and `identify` frames) a visitor may send per second across all of their sockets, sustained. */
  messagesPerSecond: number
  /** Messages a visitor may send in a burst above the sustained rate, across all of their sockets. */
  messageBurst: number
  /** Presence frames (signals, pagehide, freeze) a visitor socket may send per second, sustained. */
  signalsPerSecond: number
  /** Presence frames a visitor socket may send in a burst above the sustained rate. */
  signalBurst: number
  /** Sign-in attempts one address may make per minute. */
  loginAttemptsPerMinute: number
  /**
   * Sign-in attempts at one account (known or not) per {@link RateLimits.loginAttemptsWindow}, from any
   * address; a successful sign-in starts the count again.
   */
  loginAttemptsPerAccount: number
  /** The window of {@link RateLimits.loginAttemptsPerAccount}, in milliseconds. */
  loginAttemptsWindow: number
  /** Beacons one address may send per minute. */
  beaconsPerMinute: number
  /** New visitors (a `hello` without a known token) one address may create per minute, sustained. */
  newVisitorsPerMinute: number
  /** New visitors one address may create in a burst above the sustained rate. */
  newVisitorBurst: number
}

/** Bounds on sockets, so that no client can make the server hold more than this for it. */
export interface SocketLimits {
  /** Bytes a socket may leave unread before it is closed with `slow_consumer`. */
  sendBufferBytes: number
  /** Visitor sockets one address may hold open at once; more are refused with HTTP 429. */
  socketsPerAddress: number
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
  /**
   * The server's address as browsers see it: the base of links in emails, and the origin the agent API and
   * `/ws/agent` accept requests from. Defaults to `http://localhost:3000`.
   */
  publicUrl?: string
  /** More origins the agent API and `/ws/agent` accept, such as `https://support.example.com`. */
  allowedOrigins?: string[]
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
  socketLimits?: Partial<SocketLimits>
  /**
   * scrypt's cost for password hashes; by default OWASP's recommendation, N=2^17, r=8, p=1 (128 MiB and
   * about 300 ms per sign-in). A hash made at another cost is replaced at its agent's next sign-in. Lower
   * it only where that memory or time cannot be spared (tests do).
   */
  passwordCost?: Partial<ScryptCost>
  /** The built `widget.js` to serve at `/widget.js`; defaults to the one in `@porchlight/widget`. */
  widgetScript?: string
  /** The clock, in milliseconds since the epoch; tests inject their own. */
  clock?: () => number
}

/** The options once defaults are applied and every value is checked. */
export interface ResolvedOptions {
  dataDir: string
  publicUrl: string
  /** Normalised origins, without the public URL's. */
  allowedOrigins: string[]
  secret: string | undefined
  admin: { email: string; password: string | undefined }
  smtpUrl: string | undefined
  mailFrom: string
  timings: Timings
  rateLimits: RateLimits
  socketLimits: SocketLimits
  passwordCost: ScryptCost
  widgetScript: string | undefined
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
  loginAttemptsPerAccount: 10,
  loginAttemptsWindow: 15 * 60_000,
  beaconsPerMinute: 120,
  // Generous: a mobile carrier's NAT puts many people behind one address.
  newVisitorsPerMinute: 30,
  newVisitorBurst: 60,
}

export const defaultSocketLimits: SocketLimits = {
  sendBufferBytes: 1024 * 1024,
  socketsPerAddress: 200,
}

function positiveIntegers<T extends object>(name: string, defaults: T, given: Partial<T> | undefined): T {
  const merged = { ...defaults, ...given }
  for (const [key, value] of Object.entries(merged)) {
    if (!(key in defaults)) throw new ConfigError(`${name}.${key}`, `one of ${Object.keys(defaults).join(', ')}`, key)
    if (!Number.isSafeInteger(value) || (value as number) <= 0) {
      throw new ConfigError(`${name}.${key}`, 'a positive whole number', value)
    }
  }
  return merged
}

function scryptCost(name: string, given: Partial<ScryptCost> | undefined): ScryptCost {
  const cost = positiveIntegers(name, defaultPasswordCost, given)
  if (cost.N < 2 || !Number.isInteger(Math.log2(cost.N))) throw new ConfigError(`${name}.N`, 'a power of two, at least 2', cost.N)
  // What one sign-in may take from memory: a hash at 2^20 with r=8 would need 1 GiB.
  if (128 * cost.N * cost.r > 2 ** 30) throw new ConfigError(name, 'a cost of at most 1 GiB (128·N·r bytes)', cost)
  return cost
}

function httpUrl(name: string, value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (url?.protocol === 'http:' || url?.protocol === 'https:') return url.origin + url.pathname.replace(/\/$/, '')
  throw new ConfigError(name, 'an http:// or https:// URL', value)
}

function origins(name: string, values: unknown): string[] {
  if (values === undefined) return []
  if (!Array.isArray(values)) throw new ConfigError(name, 'an array of origins', values)
  return values.map((value: unknown) => {
    const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined
    const bare = url?.pathname === '/' && !url.search && !url.hash && !url.username && !url.password
    if (bare && (url.protocol === 'http:' || url.protocol === 'https:')) return url.origin
    throw new ConfigError(name, 'origins: a scheme and host with an optional port, like https://chat.example.com', value)
  })
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
  return {
    dataDir: options.dataDir,
    publicUrl: httpUrl('publicUrl', options.publicUrl ?? 'http://localhost:3000'),
    allowedOrigins: origins('allowedOrigins', options.allowedOrigins),
    secret: options.secret,
    admin: { email: admin.email ?? 'admin@localhost', password: admin.password },
    smtpUrl: options.smtpUrl,
    mailFrom: options.mailFrom ?? 'Porchlight <no-reply@localhost>',
    timings: positiveIntegers('timings', defaultTimings, options.timings),
    rateLimits: positiveIntegers('rateLimits', defaultRateLimits, options.rateLimits),
    socketLimits: positiveIntegers('socketLimits', defaultSocketLimits, options.socketLimits),
    passwordCost: scryptCost('passwordCost', options.passwordCost),
    widgetScript: options.widgetScript,
    clock: options.clock ?? Date.now,
  }
}
