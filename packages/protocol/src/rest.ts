import { Type, type Static } from 'typebox'
import { AgentPresence } from './agent-presence.js'
import { ConversationDetail, ConversationStatus, ConversationSummary } from './conversation.js'
import { errors, type HttpErrorCode } from './errors.js'
import { limits } from './limits.js'
import { ClientId, Message, MessageText } from './message.js'
import { PresenceChange } from './presence.js'
import { AssigneeFilter, SearchText } from './workflow.js'

// Every body and answer has an `$id`: the server's OpenAPI document names it `#/components/schemas/<$id>`
// so that generated clients get one type per schema. One answer may hold a schema with an `$id` only once
// (the serializer refuses two copies of one `$id`), which is why small shared pieces such as `MessageAuthor`
// or `Timestamp` have none.

/** The body of `POST /api/auth/login`. */
export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: limits.profileField }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false, $id: 'LoginBody', title: 'LoginBody' },
)
export type LoginBody = Static<typeof LoginBody>

/** What an agent may do: an admin also manages the team, sites, webhooks and monitoring. */
export const AgentRole = Type.Union([Type.Literal('admin'), Type.Literal('agent')])
export type AgentRole = Static<typeof AgentRole>

/** An agent, as the API shows them. A disabled agent cannot sign in. */
export const Agent = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: AgentRole,
    disabled: Type.Boolean(),
    presence: AgentPresence,
  },
  { $id: 'Agent', title: 'Agent' },
)
export type Agent = Static<typeof Agent>

/** The answer to a login, and to `GET /api/auth/me`. */
export const AgentResponse = Type.Object({ agent: Agent }, { $id: 'AgentResponse', title: 'AgentResponse' })
export type AgentResponse = Static<typeof AgentResponse>

/** The query of `GET /api/conversations`. */
export const ConversationListQuery = Type.Object(
  {
    status: Type.Optional(ConversationStatus),
    /** `active` is the live queue; `inactive` the sessions whose visitor left, stopped answering or finished. */
    session: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    assignee: Type.Optional(AssigneeFilter),
    q: Type.Optional(SearchText),
  },
  { additionalProperties: false, title: 'ConversationListQuery' },
)
export type ConversationListQuery = Static<typeof ConversationListQuery>

/** The answer to `GET /api/conversations`. */
export const ConversationList = Type.Object(
  { conversations: Type.Array(ConversationSummary) },
  { $id: 'ConversationList', title: 'ConversationList' },
)
export type ConversationList = Static<typeof ConversationList>

/** The path parameters of every `/api/conversations/:id` route. */
export const ConversationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
export type ConversationParams = Static<typeof ConversationParams>

/** The answer to `GET /api/conversations/:id`. */
export const ConversationResponse = Type.Object(
  { conversation: ConversationDetail },
  { $id: 'ConversationResponse', title: 'ConversationResponse' },
)
export type ConversationResponse = Static<typeof ConversationResponse>

/** The body of `POST /api/conversations/:id/messages`. A repeated `clientId` is stored once. */
export const PostMessageBody = Type.Object(
  { text: MessageText, clientId: Type.Optional(ClientId) },
  { additionalProperties: false, $id: 'PostMessageBody', title: 'PostMessageBody' },
)
export type PostMessageBody = Static<typeof PostMessageBody>

/** The answer to `POST /api/conversations/:id/messages`. */
export const MessageResponse = Type.Object({ message: Message }, { $id: 'MessageResponse', title: 'MessageResponse' })
export type MessageResponse = Static<typeof MessageResponse>

/** The answer to `GET /api/conversations/:id/presence`: the visitor's presence timeline, oldest first. */
export const PresenceTimeline = Type.Object(
  { visitorId: Type.String(), timeline: Type.Array(PresenceChange) },
  { $id: 'PresenceTimeline', title: 'PresenceTimeline' },
)
export type PresenceTimeline = Static<typeof PresenceTimeline>

/**
 * The body of `POST /api/visitor/beacon`, sent with `navigator.sendBeacon` when the page goes away, as a
 * fallback for the `pagehide` frame. Sent as `text/plain` (no CORS preflight), holding this JSON.
 */
export const BeaconBody = Type.Object(
  {
    site: Type.String({ minLength: 1, maxLength: 64 }),
    token: Type.String({ minLength: 1, maxLength: 256 }),
    event: Type.Literal('pagehide'),
    persisted: Type.Boolean(),
  },
  { additionalProperties: false, $id: 'BeaconBody', title: 'BeaconBody' },
)
export type BeaconBody = Static<typeof BeaconBody>

/** The codes of the {@link errors} registry that a REST request can get. */
const httpErrorCodes = Object.entries(errors)
  .filter(([, definition]) => 'status' in definition)
  .map(([code]) => code as HttpErrorCode)

/** The JSON body of every failed REST request: a stable code, a message for people, the HTTP status again. */
export const ErrorResponse = Type.Object(
  { code: Type.Enum(httpErrorCodes), message: Type.String(), statusCode: Type.Integer({ minimum: 400, maximum: 599 }) },
  { $id: 'ErrorResponse', title: 'ErrorResponse' },
)
export type ErrorResponse = Static<typeof ErrorResponse>

/** The answer to `GET /healthz`. */
export const HealthResponse = Type.Object(
  { status: Type.Literal('ok'), uptimeSeconds: Type.Number() },
  { $id: 'HealthResponse', title: 'HealthResponse' },
)
export type HealthResponse = Static<typeof HealthResponse>
