import { Type, type Static } from 'typebox'
import { Timestamp } from './message.js'

// Durations are accepted as configuration writes them (milliseconds, or "500ms", "30s", "5m", "2h", "7d")
// and always answered in milliseconds. `null` in a PATCH resets a setting to the server's default.

/** A site's id: what the script tag's `data-site` names. */
export const SiteId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' })

/** A duration: whole milliseconds, or a number with `ms`, `s`, `m`, `h` or `d`. */
export const Duration = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 32 })])

/** One line of text: no control characters (no CR/LF, which would split an email header). */
const Line = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' })

/** A web origin, `scheme://host[:port]`, http or https, without a path. */
const Origin = Type.String({ maxLength: 2048, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s]+$' })

/** The origins the widget may run on; `null` is any origin. At most 100. */
const AllowedOrigins = Type.Union([Type.Array(Origin, { maxItems: 100 }), Type.Null()])

/** Where a follow-up email's link goes: the page where the conversation started, or a fixed URL. */
export const ReturnUrl = Type.Union([
  Type.Object({ mode: Type.Literal('page') }, { additionalProperties: false }),
  Type.Object({ mode: Type.Literal('custom'), url: Type.String({ minLength: 1, maxLength: 2048 }) }, { additionalProperties: false }),
])
export type ReturnUrl = Static<typeof ReturnUrl>

/**
 * The presence timings a site may set: `heartbeatInterval` (how often the server pings its sockets; new
 * sockets use a changed value), `offlineGrace`, `awayAfter`, `idleAfter` (the widget learns it from
 * `welcome`) and `inactivityWindow`.
 */
const presenceKeys = ['heartbeatInterval', 'offlineGrace', 'awayAfter', 'idleAfter', 'inactivityWindow'] as const
const each = <T>(make: () => T) => Object.fromEntries(presenceKeys.map((key) => [key, make()])) as Record<(typeof presenceKeys)[number], T>

/** A site's presence timings in milliseconds: its own, or the server's defaults. */
export const SitePresence = Type.Object(each(() => Type.Integer({ minimum: 1 })))
export type SitePresence = Static<typeof SitePresence>

/** A site's follow-up settings, with the server's defaults filled in. */
export const SiteFollowup = Type.Object({
  enabled: Type.Boolean(),
  /** Milliseconds an agent's message may stay unread before the email. */
  delay: Type.Integer({ minimum: 1 }),
  returnUrl: ReturnUrl,
  /** The name emails come from (the address is the server's `MAIL_FROM`); null: the server's. */
  senderName: Type.Union([Type.String(), Type.Null()]),
  replyTo: Type.Union([Type.String(), Type.Null()]),
})
export type SiteFollowup = Static<typeof SiteFollowup>

/** What the widget does on the site: `twoWayChat` (default true): off, visitors read replies but cannot write. */
export const SiteWidget = Type.Object({ twoWayChat: Type.Boolean() })
export type SiteWidget = Static<typeof SiteWidget>

/** A site as the API shows it. The identity secret itself is shown only once, when it is generated. */
export const Site = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    allowedOrigins: Type.Union([Type.Array(Type.String()), Type.Null()]),
    identity: Type.Object({ required: Type.Boolean(), secretSet: Type.Boolean() }),
    presence: SitePresence,
    followup: SiteFollowup,
    widget: SiteWidget,
    createdAt: Timestamp,
  },
  { $id: 'Site', title: 'Site' },
)
export type Site = Static<typeof Site>

const PresencePatch = Type.Object(
  each(() => Type.Optional(Type.Union([Duration, Type.Null()]))),
  { additionalProperties: false },
)

const FollowupPatch = Type.Object(
  {
    enabled: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    delay: Type.Optional(Type.Union([Duration, Type.Null()])),
    returnUrl: Type.Optional(Type.Union([ReturnUrl, Type.Null()])),
    senderName: Type.Optional(Type.Union([Line(100), Type.Null()])),
    replyTo: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
  },
  { additionalProperties: false },
)

const WidgetPatch = Type.Object({ twoWayChat: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])) }, { additionalProperties: false })

const settings = {
  allowedOrigins: Type.Optional(AllowedOrigins),
  identity: Type.Optional(Type.Object({ required: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
  presence: Type.Optional(PresencePatch),
  followup: Type.Optional(FollowupPatch),
  widget: Type.Optional(WidgetPatch),
}

/** The body of `POST /api/sites`: an id, a name, and any settings (the others follow the server's defaults). */
export const CreateSiteBody = Type.Object(
  { id: SiteId, name: Line(100), ...settings },
  { additionalProperties: false, $id: 'CreateSiteBody', title: 'CreateSiteBody' },
)
export type CreateSiteBody = Static<typeof CreateSiteBody>

/** The body of `PATCH /api/sites/:id`: only what changes; `null` resets a setting to the server's default. */
export const UpdateSiteBody = Type.Object(
  { name: Type.Optional(Line(100)), ...settings },
  { additionalProperties: false, $id: 'UpdateSiteBody', title: 'UpdateSiteBody' },
)
export type UpdateSiteBody = Static<typeof UpdateSiteBody>

/** The path parameters of every `/api/sites/:id` route. */
export const SiteParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
export type SiteParams = Static<typeof SiteParams>

/** The answer to `GET /api/sites/:id`, `POST /api/sites` and `PATCH /api/sites/:id`. */
export const SiteResponse = Type.Object({ site: Site }, { $id: 'SiteResponse', title: 'SiteResponse' })
export type SiteResponse = Static<typeof SiteResponse>

/** The answer to `GET /api/sites`. */
export const SiteList = Type.Object({ sites: Type.Array(Site) }, { $id: 'SiteList', title: 'SiteList' })
export type SiteList = Static<typeof SiteList>

/** The answer to `POST /api/sites/:id/identity-secret`: the new secret, shown this once. */
export const IdentitySecretResponse = Type.Object(
  { secret: Type.String(), site: Site },
  { $id: 'IdentitySecretResponse', title: 'IdentitySecretResponse' },
)
export type IdentitySecretResponse = Static<typeof IdentitySecretResponse>
