import { Type, type Static } from 'typebox'
import { limits } from './limits.js'
import { ClientId, Message, MessageText, Timestamp } from './message.js'

const ProfileField = Type.String({ minLength: 1, maxLength: limits.profileField })

/**
 * The first frame a visitor socket sends. Without `token` the server creates a visitor; with it, the
 * visitor resumes. `lastSeq` is the highest message number the client holds: the server replays the rest.
 */
export const HelloFrame = Type.Object(
  {
    type: Type.Literal('hello'),
    site: Type.String({ minLength: 1, maxLength: 64 }),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    lastSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    url: Type.Optional(Type.String({ maxLength: limits.url })),
  },
  { additionalProperties: false, title: 'HelloFrame' },
)
export type HelloFrame = Static<typeof HelloFrame>

/** A visitor's message. `clientId` makes a retry idempotent: the server stores it once. */
export const SendMessageFrame = Type.Object(
  { type: Type.Literal('message.send'), clientId: ClientId, text: MessageText },
  { additionalProperties: false, title: 'SendMessageFrame' },
)
export type SendMessageFrame = Static<typeof SendMessageFrame>

/** Who the visitor is. `userHash` is hex HMAC-SHA256(site identity secret, userId). */
export const IdentifyFrame = Type.Object(
  {
    type: Type.Literal('identify'),
    userId: Type.Optional(ProfileField),
    email: Type.Optional(Type.String({ format: 'email', maxLength: limits.profileField })),
    name: Type.Optional(ProfileField),
    userHash: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
  },
  { additionalProperties: false, title: 'IdentifyFrame' },
)
export type IdentifyFrame = Static<typeof IdentifyFrame>

/** Every frame a visitor may send, by `type`: the server validates each against its schema. */
export const visitorClientFrames = {
  hello: HelloFrame,
  'message.send': SendMessageFrame,
  identify: IdentifyFrame,
} as const
/** A frame from a visitor to the server. */
export type VisitorClientFrame = HelloFrame | SendMessageFrame | IdentifyFrame

/** The answer to `hello`: who the visitor is (keep `token`) and what the conversation holds. */
export const WelcomeFrame = Type.Object(
  {
    type: Type.Literal('welcome'),
    visitorId: Type.String(),
    token: Type.String(),
    conversationId: Type.Union([Type.String(), Type.Null()]),
    lastSeq: Type.Integer({ minimum: 0 }),
  },
  { title: 'WelcomeFrame' },
)
export type WelcomeFrame = Static<typeof WelcomeFrame>

/** Sent once a visitor's message is durably stored. A repeated `clientId` gets the same `id` and `seq`. */
export const MessageAckFrame = Type.Object(
  {
    type: Type.Literal('message.ack'),
    clientId: Type.String(),
    id: Type.String(),
    conversationId: Type.String(),
    seq: Type.Integer({ minimum: 1 }),
    createdAt: Timestamp,
  },
  { title: 'MessageAckFrame' },
)
export type MessageAckFrame = Static<typeof MessageAckFrame>

/** A message in the visitor's conversation, sent live or replayed after `hello`. */
export const MessageFrame = Type.Object(
  { type: Type.Literal('message'), message: Message },
  { title: 'MessageFrame' },
)
export type MessageFrame = Static<typeof MessageFrame>

/** A coded error; the connection stays open. `clientId` names the message it concerns, if any. */
export const ErrorFrame = Type.Object(
  {
    type: Type.Literal('error'),
    code: Type.String(),
    message: Type.String(),
    clientId: Type.Optional(Type.String()),
  },
  { title: 'ErrorFrame' },
)
export type ErrorFrame = Static<typeof ErrorFrame>

/** A frame from the server to a visitor. */
export type VisitorServerFrame = WelcomeFrame | MessageAckFrame | MessageFrame | ErrorFrame
