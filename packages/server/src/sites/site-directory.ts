import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Timings } from '../config/options.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import { presenceTimingKeys, type PresenceTimingKey, type Site, type SiteChanges } from '../store/site-repository.js'
import type { Store } from '../store/store.js'
import { openSecret, sealSecret } from './sealed-secret.js'

/** A site's presence timings, in milliseconds: its own, or the server's defaults. */
export type SitePresence = Readonly<Record<PresenceTimingKey, number>>

/** A site as every feature reads it: its settings with the server's defaults filled in. Frozen. */
export interface SiteConfig {
  readonly id: string
  readonly name: string
  /** Null: any origin. */
  readonly allowedOrigins: readonly string[] | null
  readonly identity: { readonly secret: string | null; readonly required: boolean }
  readonly presence: SitePresence
  readonly followup: {
    readonly enabled: boolean
    /** Milliseconds. */
    readonly delay: number
    readonly returnUrl: { readonly mode: 'page' } | { readonly mode: 'custom'; readonly url: string }
    readonly senderName: string | null
    readonly replyTo: string | null
  }
  readonly widget: { readonly twoWayChat: boolean }
  readonly createdAt: number
}

/**
 * The sites and their settings, for every feature: `find` is always current (a change is published as
 * `site.updated`, which drops the cached copy on every node that listens to the bus), and cheap enough for
 * every connection (a cached site costs no store read). Admins' changes go through here too.
 *
 * @example
 * ```ts
 * const site = await services.sites.find('default')
 * site?.presence.offlineGrace // the site's own, or PORCHLIGHT_OFFLINE_GRACE
 * ```
 */
export class SiteDirectory {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #serverSecret: string
  readonly #defaults: Timings
  readonly #log: FastifyBaseLogger
  readonly #clock: () => number
  /** Sites read so far; misses are not kept (any id can be asked for, and that must not grow memory). */
  readonly #cache = new Map<string, Promise<SiteConfig | undefined>>()

  constructor(
    store: Store,
    bus: EventBus,
    options: { serverSecret: string; defaults: Timings; clock: () => number; log: FastifyBaseLogger },
  ) {
    this.#store = store
    this.#bus = bus
    this.#serverSecret = options.serverSecret
    this.#defaults = options.defaults
    this.#clock = options.clock
    this.#log = options.log
    bus.on('site.updated', ({ siteId }) => this.#cache.delete(siteId))
  }

  /** The site with its settings, or undefined when no site has this id. */
  find(siteId: string): Promise<SiteConfig | undefined> {
    let cached = this.#cache.get(siteId)
    if (!cached) {
      cached = this.#store.sites.find(siteId).then((site) => site && this.#config(site))
      this.#cache.set(siteId, cached)
      // Only a found site is kept; a failed read is tried again next time.
      const forget = () => this.#cache.get(siteId) === cached && this.#cache.delete(siteId)
      cached.then((site) => site ?? forget(), forget)
    }
    return cached
  }

  /** Every site, by id. */
  async list(): Promise<SiteConfig[]> {
    return (await this.#store.sites.list()).map((site) => this.#config(site))
  }

  /** Creates a site; throws `site_exists` when the id is taken. */
  async create(id: string, changes: SiteChanges & { name: string }): Promise<SiteConfig> {
    if (changes.identityRequired) throw new PorchlightError('identity_secret_missing')
    if (!(await this.#store.sites.create(id, changes, this.#clock()))) throw new PorchlightError('site_exists')
    return this.#changed(id)
  }

  /** Changes a site's settings; throws `site_not_found`, or `identity_secret_missing` when verification is required without a secret. */
  async update(id: string, changes: SiteChanges): Promise<SiteConfig> {
    if (changes.identityRequired) {
      const site = await this.#store.sites.find(id)
      if (!site) throw new PorchlightError('site_not_found')
      if (site.identitySecret === null) throw new PorchlightError('identity_secret_missing')
    }
    if (!(await this.#store.sites.update(id, changes))) throw new PorchlightError('site_not_found')
    return this.#changed(id)
  }

  /**
   * Generates a new identity secret for the site, replacing the old one (whose hashes stop verifying at
   * once). The answer is the only place the secret is ever shown.
   */
  async rotateIdentitySecret(id: string): Promise<{ secret: string; site: SiteConfig }> {
    const secret = randomBytes(32).toString('hex')
    if (!(await this.#store.sites.update(id, { identitySecret: sealSecret(this.#serverSecret, secret) }))) {
      throw new PorchlightError('site_not_found')
    }
    return { secret, site: await this.#changed(id) }
  }

  async #changed(id: string): Promise<SiteConfig> {
    this.#bus.emit('site.updated', { siteId: id })
    const site = await this.find(id)
    if (!site) throw new PorchlightError('site_not_found')
    return site
  }

  #config(site: Site): SiteConfig {
    const secret = site.identitySecret === null ? null : (openSecret(this.#serverSecret, site.identitySecret) ?? null)
    if (site.identitySecret !== null && secret === null) {
      // Verification then fails closed: no userId is proven until an admin rotates the secret.
      this.#log.error({ siteId: site.id }, "the site's identity secret was sealed with another server secret; rotate it")
    }
    const presence = Object.fromEntries(presenceTimingKeys.map((key) => [key, site.presence[key] ?? this.#defaults[key]]))
    const { enabled, delay, returnUrl, senderName, replyTo } = site.followup
    return deepFreeze({
      id: site.id,
      name: site.name,
      allowedOrigins: site.allowedOrigins,
      identity: { secret, required: site.identityRequired },
      presence: presence as SitePresence,
      followup: {
        enabled,
        delay: delay ?? this.#defaults.followupDelay,
        returnUrl: returnUrl === null ? { mode: 'page' as const } : { mode: 'custom' as const, url: returnUrl },
        senderName,
        replyTo,
      },
      widget: { ...site.widget },
      createdAt: site.createdAt,
    })
  }
}

/** Freezes an object and everything in it: a cached site is shared by every reader. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner as object)
  return Object.freeze(value)
}
