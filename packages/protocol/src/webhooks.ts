import { Type, type Static, type TSchema } from 'typebox'
import { ConversationSummary } from './conversation.js'
import { Message, Timestamp } from './message.js'
import { InactiveReason, Presence } from './presence.js'

/**
 * What a webhook can be told about. `session.inactive` is a conversation's session turning inactive;
 * `conversation.finished` an agent finishing a conversation (once per finish).
 */
export const WebhookEventType = Type.Union(
  [
    Type.Literal('followup.sent'),
    Type.Literal('followup.failed'),
    Type.Literal('presence.changed'),
    Type.Literal('session.inactive'),
    Type.Literal('message.created'),
    Type.Literal('conversation.finished'),
  ],
  { $id: 'WebhookEventType', title: 'WebhookEventType' },
)
export type WebhookEventType = Static<typeof WebhookEventType>

/** Every event type, in the order of the README; an endpoint created without `events` gets them all. */
export const webhookEventTypes: readonly WebhookEventType[] = WebhookEventType.anyOf.map((literal) => literal.const)

/**
 * The headers of every webhook request, and how old a signature may be before a receiver should refuse
 * it as a replay.
 *
 * @example
 * ```ts
 * import { webhookHeaders } from '@porchlight/protocol'
 * request.headers[webhookHeaders.signature.toLowerCase()] // 't=1763780000,v1=5f2b…'
 * ```
 */
export const webhookHeaders = {
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
  signature: 'Porchlight-Signature',
  /** The delivery's id: the same on every retry of one delivery (deduplicate by it). */
  delivery: 'Porchlight-Delivery',
  /** The event type, as in the body. */
  event: 'Porchlight-Event',
  /** Seconds a receiver should accept between `t` and its own clock. */
  toleranceSeconds: 300,
} as const

/** Longest webhook URL, in characters. */
const maxUrl = 2048
const Url = Type.String({ minLength: 1, maxLength: maxUrl, description: 'An http:// or https:// URL.' })
/** A secret given by the admin: printable ASCII without spaces, long enough to resist guessing. */
const Secret = Type.String({ minLength: 16, maxLength: 256, pattern: '^[\\x21-\\x7e]+$' })
const Events = Type.Array(WebhookEventType, { minItems: 1, maxItems: 16, uniqueItems: true })

/** An endpoint as admins see it; its secret is shown only when it is created. */
export const WebhookEndpoint = Type.Object(
  {
    id: Type.String(),
    siteId: Type.String(),
    url: Type.String(),
    events: Type.Array(WebhookEventType),
    enabled: Type.Boolean(),
    createdAt: Timestamp,
  },
  { $id: 'WebhookEndpoint', title: 'WebhookEndpoint' },
)
export type WebhookEndpoint = Static<typeof WebhookEndpoint>

/** The body of `POST /api/sites/:id/webhooks`. Without `secret`, one is generated; without `events`, every type. */
export const CreateWebhookBody = Type.Object(
  { url: Url, events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()), secret: Type.Optional(Secret) },
  { additionalProperties: false, $id: 'CreateWebhookBody', title: 'CreateWebhookBody' },
)
export type CreateWebhookBody = Static<typeof CreateWebhookBody>

/** The body of `PATCH /api/sites/:id/webhooks/:webhookId`: what changes; a `secret` replaces the old one. */
export const PatchWebhookBody = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()), secret: Type.Optional(Secret) },
  { additionalProperties: false, minProperties: 1, $id: 'PatchWebhookBody', title: 'PatchWebhookBody' },
)
export type PatchWebhookBody = Static<typeof PatchWebhookBody>

/** The answer to `POST /api/sites/:id/webhooks`: the endpoint and its secret, shown this once. */
export const CreatedWebhookResponse = Type.Object(
  { webhook: WebhookEndpoint, secret: Type.String() },
  { $id: 'CreatedWebhookResponse', title: 'CreatedWebhookResponse' },
)
export type CreatedWebhookResponse = Static<typeof CreatedWebhookResponse>

/** The answer to `PATCH /api/sites/:id/webhooks/:webhookId`. */
export const WebhookResponse = Type.Object({ webhook: WebhookEndpoint }, { $id: 'WebhookResponse', title: 'WebhookResponse' })
export type WebhookResponse = Static<typeof WebhookResponse>

/** The answer to `GET /api/sites/:id/webhooks`. */
export const WebhookList = Type.Object({ webhooks: Type.Array(WebhookEndpoint) }, { $id: 'WebhookList', title: 'WebhookList' })
export type WebhookList = Static<typeof WebhookList>

/** The path parameters of `/api/sites/:id/webhooks`. */
export const SiteWebhooksParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
export type SiteWebhooksParams = Static<typeof SiteWebhooksParams>

/** The path parameters of `/api/sites/:id/webhooks/:webhookId` and below. */
export const WebhookParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  webhookId: Type.String({ minLength: 1, maxLength: 64 }),
})
export type WebhookParams = Static<typeof WebhookParams>

/** `pending` (not delivered yet, retried with back-off), `delivered` (a 2xx answer) or `failed` (given up). */
export const WebhookDeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')], {
  $id: 'WebhookDeliveryStatus',
  title: 'WebhookDeliveryStatus',
})
export type WebhookDeliveryStatus = Static<typeof WebhookDeliveryStatus>

/** One delivery of one event to one endpoint, with its last attempt. */
export const WebhookDelivery = Type.Object(
  {
    /** The `id` of the body and the `Porchlight-Delivery` header: the same on every attempt. */
    id: Type.String(),
    webhookId: Type.String(),
    event: Type.Union([WebhookEventType, Type.Literal('ping')]),
    status: WebhookDeliveryStatus,
    attempts: Type.Integer({ minimum: 0 }),
    /** The HTTP status of the last answer; null when there was none (a network error, a refused address). */
    lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
    /** Why the last attempt did not deliver. */
    lastError: Type.Union([Type.String(), Type.Null()]),
    /** The body sent (the same on every attempt), as JSON text. */
    body: Type.String(),
    createdAt: Timestamp,
    lastAttemptAt: Type.Union([Timestamp, Type.Null()]),
    deliveredAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'WebhookDelivery', title: 'WebhookDelivery' },
)
export type WebhookDelivery = Static<typeof WebhookDelivery>

/** The query of `GET /api/sites/:id/webhooks/:webhookId/deliveries`. */
export const WebhookDeliveryQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false, title: 'WebhookDeliveryQuery' },
)
export type WebhookDeliveryQuery = Static<typeof WebhookDeliveryQuery>

/** The answer to `GET /api/sites/:id/webhooks/:webhookId/deliveries`: newest first. */
export const WebhookDeliveryList = Type.Object(
  { deliveries: Type.Array(WebhookDelivery) },
  { $id: 'WebhookDeliveryList', title: 'WebhookDeliveryList' },
)
export type WebhookDeliveryList = Static<typeof WebhookDeliveryList>

/** The answer to `POST /api/sites/:id/webhooks/:webhookId/test`: the `ping` delivery, queued. */
export const WebhookDeliveryResponse = Type.Object(
  { delivery: WebhookDelivery },
  { $id: 'WebhookDeliveryResponse', title: 'WebhookDeliveryResponse' },
)
export type WebhookDeliveryResponse = Static<typeof WebhookDeliveryResponse>

/** What each event type's `data` holds. */
export const WebhookEventData = {
  'followup.sent': Type.Object({ conversationId: Type.String(), visitorId: Type.String(), messageId: Type.Optional(Type.String()) }),
  'followup.failed': Type.Object({ conversationId: Type.String(), visitorId: Type.String(), error: Type.String() }),
  'presence.changed': Type.Object({
    visitorId: Type.String(),
    conversationId: Type.Union([Type.String(), Type.Null()]),
    presence: Presence,
  }),
  'session.inactive': Type.Object({ conversationId: Type.String(), visitorId: Type.String(), reason: InactiveReason, since: Timestamp }),
  'message.created': Type.Object({ conversationId: Type.String(), visitorId: Type.String(), message: Message }),
  'conversation.finished': Type.Object({ conversation: ConversationSummary }),
  /** Sent by `POST .../test`, whatever the endpoint subscribes to. */
  ping: Type.Object({ webhookId: Type.String() }),
} satisfies Record<WebhookEventType | 'ping', TSchema>

const eventBody = <Type extends keyof typeof WebhookEventData>(type: Type) =>
  Type.Object({
    /** The delivery id: the same on every retry (and in `Porchlight-Delivery`). */
    id: Type.String(),
    type: Type.Literal(type),
    /** When the event happened. */
    createdAt: Timestamp,
    /** The id of the site it happened on. */
    site: Type.String(),
    data: WebhookEventData[type],
  })

/**
 * The JSON body of every webhook request, told apart by `type`. The body is fixed when the event
 * happens: a retry sends the same bytes (with a new signature).
 */
export const WebhookEvent = Type.Union(
  (Object.keys(WebhookEventData) as Array<keyof typeof WebhookEventData>).map((type) => eventBody(type)),
  { $id: 'WebhookEvent', title: 'WebhookEvent' },
)
/** The body of a webhook request: narrow it by `type`. */
export type WebhookEvent = {
  [Type in keyof typeof WebhookEventData]: Static<ReturnType<typeof eventBody<Type>>>
}[keyof typeof WebhookEventData]
