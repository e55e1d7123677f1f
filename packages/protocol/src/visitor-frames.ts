import { Type, type Static } from 'typebox'
import { limits } from './limits.js'
import { ClientId, Message, MessageText, Timestamp } from './message.js'
import { Presence, TabSignals } from './presence.js'
import { ReadFrame, type ReadWatermarkFrame } from './receipts.js'
import type { TeamFrame } from './team.js'
import { VisitorTypingFrame, type ReplyTypingFrame, type SiteFrame } from './live.js'
import { languageTagPattern, timeZonePattern } from './visitor-environment.js'

const ProfileField = Type.String({ minLength: 1, maxLength: limits.profileField })

/**
 * The first frame a visitor socket sends. Without `token` the server creates a visitor; with it, the
 * visitor resumes. `lastSeq` is the highest message number the client holds: the server replays the rest.
 * `url`, `language` and `timeZone` tell agents where the visitor is and when it is for them; each
 * connection's `hello` replaces what the one before it reported.
 */
export const HelloFrame = Type.Object(
  {
    type: Type.Literal('hello'),
    site: Type.String({ minLength: 1, maxLength: 64 }),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    lastSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    url: Type.Optional(Type.String({ maxLength: limits.url })),
    /** The browser's language (`navigator.language`). */
    language: Type.Optional(Type.String({ maxLength: limits.languageTag, pattern: languageTagPattern })),
    /** The browser's time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`). */
    timeZone: Type.Optional(Type.String({ maxLength: limits.timeZone, pattern: timeZonePattern })),
    /** The tab's state when it connects; without it the tab counts as visible. */
    signals: Type.Optional(TabSignals),
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

/**
 * Who the visitor is. `userHash` is hex HMAC-SHA256(site identity secret, userId). The server checks
 * `email` itself, so that a bad address gets its own code (`invalid_email`) rather than `invalid_frame`.
 */
export const IdentifyFrame = Type.Object(
  {
    type: Type.Literal('identify'),
    userId: Type.Optional(ProfileField),
    email: Type.Optional(Type.String({ maxLength: limits.profileField })),
    name: Type.Optional(ProfileField),
    userHash: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
  },
  { additionalProperties: false, title: 'IdentifyFrame' },
)
export type IdentifyFrame = Static<typeof IdentifyFrame>

/** The tab's signals changed: sent at once when visibility, focus, the panel or idleness changes. */
export const SignalsFrame = Type.Object(
  { type: Type.Literal('signals'), ...TabSignals.properties },
  { additionalProperties: false, title: 'SignalsFrame' },
)
export type SignalsFrame = Static<typeof SignalsFrame>

/** The answer to the server's `ping`, sent from the page's `onmessage`: proves the page's JavaScript runs. */
export const PongFrame = Type.Object(
  { type: Type.Literal('pong'), ...TabSignals.properties },
  { additionalProperties: false, title: 'PongFrame' },
)
export type PongFrame = Static<typeof PongFrame>

/** The page is going away (`pagehide`); `persisted` is true when it enters the back/forward cache. */
export const PagehideFrame = Type.Object(
  { type: Type.Literal('pagehide'), persisted: Type.Boolean() },
  { additionalProperties: false, title: 'PagehideFrame' },
)
export type PagehideFrame = Static<typeof PagehideFrame>

/** The page is being frozen (Page Lifecycle `freeze`): it will not answer pings until it resumes. */
export const FreezeFrame = Type.Object({ type: Type.Literal('freeze') }, { additionalProperties: false, title: 'FreezeFrame' })
export type FreezeFrame = Static<typeof FreezeFrame>

/** Every frame a visitor may send, by `type`: the server validates each against its schema. */
export const visitorClientFrames = {
  hello: HelloFrame,
  'message.send': SendMessageFrame,
  identify: IdentifyFrame,
  signals: SignalsFrame,
  pong: PongFrame,
  pagehide: PagehideFrame,
  freeze: FreezeFrame,
  read: ReadFrame,
  typing: VisitorTypingFrame,
} as const
/** A frame from a visitor to the server. */
export type VisitorClientFrame =
  HelloFrame | SendMessageFrame | IdentifyFrame | SignalsFrame | PongFrame | PagehideFrame | FreezeFrame | ReadFrame | VisitorTypingFrame

/** The answer to `hello`: who the visitor is (keep `token`) and what the conversation holds. */
export const WelcomeFrame = Type.Object(
  {
    type: Type.Literal('welcome'),
    visitorId: Type.String(),
    token: Type.String(),
    conversationId: Type.Union([Type.String(), Type.Null()]),
    lastSeq: Type.Integer({ minimum: 0 }),
    /** After how long without input (ms) a visible tab reports itself idle: the site's setting. */
    idleAfter: Type.Integer({ minimum: 1 }),
    /** The visitor's read watermark in the conversation (0: nothing read), for the unread count. */
    readSeq: Type.Integer({ minimum: 0 }),
    /** Whether the server knows an email for the visitor (the widget then does not ask for one). */
    emailKnown: Type.Boolean(),
    /** Whether at least one agent is online now; `team` frames tell changes. */
    teamOnline: Type.Boolean(),
    /** The site's setting: hide the launcher while no agent is online (unless the visitor has a conversation). */
    hideLauncherWhenTeamOffline: Type.Boolean(),
    /** Whether the site takes visitors' messages; off, `message.send` is refused with `two_way_chat_off`. */
    twoWayChat: Type.Boolean(),
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
export const MessageFrame = Type.Object({ type: Type.Literal('message'), message: Message }, { title: 'MessageFrame' })
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

/** The application-level heartbeat: answer at once with `pong` and the tab's signals. */
export const PingFrame = Type.Object({ type: Type.Literal('ping') }, { title: 'PingFrame' })
export type PingFrame = Static<typeof PingFrame>

/** The visitor's presence as the server holds it, merged over all their tabs; sent when it changes. */
export const PresenceFrame = Type.Object({ type: Type.Literal('presence'), presence: Presence }, { title: 'PresenceFrame' })
export type PresenceFrame = Static<typeof PresenceFrame>

/** A frame from the server to a visitor. */
export type VisitorServerFrame =
  | TeamFrame
  | WelcomeFrame
  | MessageAckFrame
  | MessageFrame
  | ErrorFrame
  | PingFrame
  | PresenceFrame
  | ReadWatermarkFrame
  | ReplyTypingFrame
  | SiteFrame
