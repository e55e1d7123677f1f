import type { CreateSiteBody, Site as SiteView, UpdateSiteBody } from '@porchlight/protocol'
import { parseDuration } from '../config/duration.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { presenceTimingKeys, type PresenceTimingKey, type SiteChanges } from '../store/site-repository.js'
import type { SiteConfig } from './site-directory.js'

const second = 1000
const minute = 60 * second
const hour = 60 * minute
const day = 24 * hour

/** The range each duration setting accepts, in milliseconds: wide enough for any site, narrow enough to stay sane. */
export const durationBounds: Record<PresenceTimingKey | 'followupDelay', { min: number; max: number }> = {
  heartbeatInterval: { min: second, max: 5 * minute },
  offlineGrace: { min: second, max: hour },
  awayAfter: { min: second, max: hour },
  idleAfter: { min: second, max: day },
  inactivityWindow: { min: second, max: 7 * day },
  followupDelay: { min: second, max: 30 * day },
}

const invalid = (setting: string, accepts: string) => new PorchlightError('invalid_setting', `${setting} accepts ${accepts}.`)

/** A duration setting in milliseconds, within its bounds; null stays null (the server's default). */
function duration(
  setting: string,
  bounds: { min: number; max: number },
  value: number | string | null | undefined,
): number | null | undefined {
  if (value === null || value === undefined) return value
  const milliseconds = typeof value === 'number' ? value : parseDuration(value)
  if (milliseconds === undefined || milliseconds < bounds.min || milliseconds > bounds.max) {
    throw invalid(setting, `a duration from ${bounds.min} ms to ${bounds.max} ms (milliseconds, or like "30s", "5m", "2h")`)
  }
  return milliseconds
}

/** An origin as browsers send it in `Origin`: lower-case, without a default port. */
function origin(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (!url || url.pathname !== '/' || url.search || url.hash || url.username || url.password || !url.hostname) {
    throw invalid(
      'allowedOrigins',
      `origins like https://www.example.com (a scheme, a host and an optional port), not ${JSON.stringify(value)}`,
    )
  }
  return url.origin
}

function returnUrl(value: { mode: 'page' } | { mode: 'custom'; url: string } | null | undefined): string | null | undefined {
  if (value === undefined) return undefined
  if (value === null || value.mode === 'page') return null
  const url = URL.canParse(value.url) ? new URL(value.url) : undefined
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw invalid('followup.returnUrl.url', 'an http:// or https:// URL without credentials')
  }
  // The link's own fragment (#porchlight=...) replaces any fragment the URL had.
  url.hash = ''
  return url.href
}

/**
 * The changes a create or a PATCH body asks for, each value checked beyond what its schema can say
 * (origins parsed, durations within {@link durationBounds}, URLs well-formed); throws `invalid_setting`
 * naming the first bad one.
 *
 * @example
 * ```ts
 * siteChanges({ presence: { offlineGrace: '30s', awayAfter: null } })
 * // { presence: { offlineGrace: 30000, awayAfter: null }, ... }
 * ```
 */
export function siteChanges(body: UpdateSiteBody | CreateSiteBody): SiteChanges {
  const presence: SiteChanges['presence'] = {}
  for (const key of presenceTimingKeys) presence[key] = duration(`presence.${key}`, durationBounds[key], body.presence?.[key])
  const { followup, widget } = body
  return {
    name: body.name,
    identityRequired: body.identity?.required,
    allowedOrigins: body.allowedOrigins && [...new Set(body.allowedOrigins.map(origin))],
    presence,
    followup: followup && {
      enabled: followup.enabled === null ? true : followup.enabled,
      delay: duration('followup.delay', durationBounds.followupDelay, followup.delay),
      returnUrl: returnUrl(followup.returnUrl),
      senderName: followup.senderName,
      replyTo: followup.replyTo,
    },
    widget: widget && { twoWayChat: widget.twoWayChat === null ? true : widget.twoWayChat },
  }
}

/**
 * A site as the API shows it: the settings in effect (the site's own or the server's defaults), and
 * whether an identity secret is set, never the secret.
 */
export function siteView(site: SiteConfig): SiteView {
  return {
    id: site.id,
    name: site.name,
    allowedOrigins: site.allowedOrigins && [...site.allowedOrigins],
    identity: { required: site.identity.required, secretSet: site.identity.secret !== null },
    presence: { ...site.presence },
    followup: { ...site.followup, returnUrl: { ...site.followup.returnUrl } },
    widget: { ...site.widget },
    createdAt: new Date(site.createdAt).toISOString(),
  }
}
