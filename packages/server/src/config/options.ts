import { defaultPasswordCost, type ScryptCost } from '../identity/passwords.js'
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
  /** How long an agent's reply may stay unread before the visitor gets an email: the default of every site's follow-up delay. */
  followupDelay: number
  /** How long the return link in a follow-up email works. */
  resumeLinkTtl: number
  /** How long a new visitor socket may take to send `hello`. */
  handshakeTimeout: number
  /** How long an agent's sign-in lasts. */
  agentSessionTtl: number
  /** How long an agent's inbox may go without `activity` before the agent turns away. */
  agentIdleAfter: number
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
  /** Return-link exchanges and unsubscribes one address may make per minute (guessing tokens is hopeless anyway). */
  visitorLinksPerMinute: number
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

/** How webhooks are delivered. */
export interface WebhookOptions {
  /**
   * Lets webhooks reach loopback, private, link-local and other internal addresses. Off by default, so
   * that an admin's webhook URL cannot make the server call into its own network (SSRF).
   */
  allowPrivateAddresses: boolean
  /** How long a receiver has to answer, in milliseconds; no answer in time counts as a failure to retry. */
  timeout: number
}

/** How durable jobs (follow-up emails, webhook deliveries) are run; times in milliseconds. */
export interface JobOptions {
  /** The longest the scheduler sleeps before it looks for due jobs again (one another node scheduled). */
  pollInterval: number
  /** Jobs of one kind one server runs at once, unless the kind sets its own (each kind has its own slots). */
  concurrency: number
  /** How long one run of a job may take before it counts as failed. */
  timeout: number
  /** How long a claimed job is kept from other nodes; after it, a job whose node died runs again. Above `timeout`. */
  lease: number
  /** Runs a job gets before it is recorded as failed. */
  maxAttempts: number
  /** The first retry's longest delay: each retry waits a random time up to this, doubled per attempt. */
  retryBase: number
  /** The longest any retry waits. */
  retryCap: number
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
  /**
   * The first admin, created when no agent exists. Without a password, one is generated and printed once
   * on stderr when the server starts listening (so a start that fails leaves no admin nobody can use).
   */
  admin?: { email?: string; password?: string }
  /**
   * SMTP server for follow-up emails (`smtp://user:pass@host:port` or `smtps://`). Without it, emails are
   * written as `.eml` files into `<dataDir>/outbox/` and logged.
   */
  smtpUrl?: string
  /** The sender of emails, `Name <address@example.com>`; a site's sender name replaces the name. Defaults to `Porchlight <no-reply@localhost>`. */
  mailFrom?: string
  timings?: Partial<Timings>
  rateLimits?: Partial<RateLimits>
  socketLimits?: Partial<SocketLimits>
  webhooks?: Partial<WebhookOptions>
  jobs?: Partial<JobOptions>
  /**
   * scrypt's cost for password hashes; by default OWASP's recommendation, N=2^17, r=8, p=1 (128 MiB and
   * about 300 ms per sign-in). A hash made at another cost is replaced at its agent's next sign-in. Lower
   * it only where that memory or time cannot be spared (tests do).
   */
  passwordCost?: Partial<ScryptCost>
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
  /** Normalised origins, without the public URL's. */
  allowedOrigins: string[]
  secret: string | undefined
  /** `configured`: the host set an email or a password (ignored, with a warning, once agents exist). */
  admin: { email: string; password: string | undefined; configured: boolean }
  smtpUrl: string | undefined
  mailFrom: string
  timings: Timings
  rateLimits: RateLimits
  socketLimits: SocketLimits
  webhooks: WebhookOptions
  jobs: JobOptions
  passwordCost: ScryptCost
  widgetScript: string | undefined
  docs: boolean
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
  agentIdleAfter: 15 * 60_000,
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
  visitorLinksPerMinute: 20,
  // Generous: a mobile carrier's NAT puts many people behind one address.
  newVisitorsPerMinute: 30,
  newVisitorBurst: 60,
}

export const defaultSocketLimits: SocketLimits = {
  sendBufferBytes: 1024 * 1024,
  socketsPerAddress: 200,
}

export const defaultWebhookOptions: WebhookOptions = {
  allowPrivateAddresses: false,
  timeout: 10_000,
}

export const defaultJobOptions: JobOptions = {
  pollInterval: 30_000,
  concurrency: 4,
  timeout: 60_000,
  lease: 5 * 60_000,
  maxAttempts: 8,
  retryBase: 1_000,
  retryCap: 60 * 60_000,
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
  'agentIdleAfter',
])

/** Why a timing cannot be 0, where "a positive whole number" does not say it. */
export const whyNotZero: Partial<Record<keyof Timings, string>> = {
  heartbeatInterval: 'it is how often the server pings each connection; without pings it could never find a dead one',
}

/** `given` over `defaults`, every value a positive whole number; each one that is not is added to `problems`. */
export function positiveIntegers<T extends object>(
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

function scryptCost(name: string, given: Partial<ScryptCost> | undefined, problems: ConfigProblem[]): ScryptCost {
  const cost = positiveIntegers(name, defaultPasswordCost, given, problems)
  if (cost.N < 2 || !Number.isInteger(Math.log2(cost.N))) {
    problems.push({ setting: `${name}.N`, accepts: 'a power of two, at least 2', received: cost.N })
  } else if (128 * cost.N * cost.r > 2 ** 30) {
    // What one sign-in may take from memory: a hash at 2^20 with r=8 would need 1 GiB.
    problems.push({ setting: name, accepts: 'a cost of at most 1 GiB (128·N·r bytes)', received: cost })
  }
  return cost
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

function webhookOptions(given: Partial<WebhookOptions> | undefined, problems: ConfigProblem[]): WebhookOptions {
  const { allowPrivateAddresses, ...timing } = { ...defaultWebhookOptions, ...given }
  if (typeof allowPrivateAddresses !== 'boolean') {
    problems.push({ setting: 'webhooks.allowPrivateAddresses', accepts: 'true or false', received: allowPrivateAddresses })
  }
  const { timeout } = positiveIntegers('webhooks', { timeout: defaultWebhookOptions.timeout }, timing, problems)
  if (timeout > longestTimer) {
    problems.push({ setting: 'webhooks.timeout', accepts: `at most ${longestTimer} milliseconds (about 24 days)`, received: timeout })
  }
  return { allowPrivateAddresses, timeout }
}

function checkJobs(jobs: JobOptions, problems: ConfigProblem[]): void {
  for (const key of ['pollInterval', 'timeout', 'retryCap'] as const) {
    if (Number.isSafeInteger(jobs[key]) && jobs[key] > longestTimer) {
      problems.push({ setting: `jobs.${key}`, accepts: `at most ${longestTimer} milliseconds (about 24 days)`, received: jobs[key] })
    }
  }
  if (jobs.lease <= jobs.timeout) {
    problems.push({
      setting: 'jobs.lease',
      accepts: `more than jobs.timeout (${jobs.timeout} ms)`,
      received: jobs.lease,
      reason: 'a job still running when its lease ends could be run by another node at the same time',
    })
  }
  if (jobs.retryCap < jobs.retryBase) {
    problems.push({ setting: 'jobs.retryCap', accepts: `at least jobs.retryBase (${jobs.retryBase} ms)`, received: jobs.retryCap })
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

function origins(name: string, values: unknown, problems: ConfigProblem[]): string[] {
  if (values === undefined) return []
  if (!Array.isArray(values)) {
    problems.push({ setting: name, accepts: 'an array of origins', received: values })
    return []
  }
  return values.flatMap((value: unknown) => {
    const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined
    const bare = url?.pathname === '/' && !url.search && !url.hash && !url.username && !url.password
    if (bare && (url.protocol === 'http:' || url.protocol === 'https:')) return [url.origin]
    problems.push({
      setting: name,
      accepts: 'origins: a scheme and host with an optional port, like https://chat.example.com',
      received: value,
    })
    return []
  })
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
  if (options.docs !== undefined && typeof options.docs !== 'boolean') refuse('docs', 'true or false', options.docs)
  const publicUrl = httpUrl('publicUrl', options.publicUrl ?? 'http://localhost:3000', problems)
  const timings = positiveIntegers('timings', defaultTimings, options.timings, problems, whyNotZero)
  checkTimings(timings, problems, warnings)
  const rateLimits = positiveIntegers('rateLimits', defaultRateLimits, options.rateLimits, problems)
  const socketLimits = positiveIntegers('socketLimits', defaultSocketLimits, options.socketLimits, problems)
  const webhooks = webhookOptions(options.webhooks, problems)
  const jobs = positiveIntegers('jobs', defaultJobOptions, options.jobs, problems)
  checkJobs(jobs, problems)
  const passwordCost = scryptCost('passwordCost', options.passwordCost, problems)
  const allowedOrigins = origins('allowedOrigins', options.allowedOrigins, problems)
  const [first, ...more] = problems
  if (first) throw new ConfigError([first, ...more])
  return {
    dataDir: options.dataDir,
    publicUrl,
    allowedOrigins,
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
    socketLimits,
    webhooks,
    jobs,
    passwordCost,
    widgetScript: options.widgetScript,
    docs: options.docs ?? true,
    clock: options.clock ?? Date.now,
    warnings,
  }
}
