import { Type, type Static } from 'typebox'
import { ConversationSummary } from './conversation.js'
import { Message } from './message.js'
import type { NoteCreatedFrame } from './notes.js'
import { Presence, Session } from './presence.js'
import type { ReceiptReadFrame } from './receipts.js'
import type { AgentPresenceFrame, AgentUpdatedFrame } from './team.js'
import type { ErrorFrame, PingFrame } from './visitor-frames.js'
import type { TypingFrame, ViewersFrame } from './live.js'

/**
 * The first frame on every agent socket. The server sends `ping` every `heartbeatInterval` ms (and
 * other frames in between), so a client that has heard nothing for a few intervals knows the socket died
 * silently (a NAT that forgot it, a laptop that slept) and reconnects.
 */
export const AgentWelcomeFrame = Type.Object(
  { type: Type.Literal('welcome'), heartbeatInterval: Type.Integer({ minimum: 1 }) },
  { title: 'AgentWelcomeFrame' },
)
export type AgentWelcomeFrame = Static<typeof AgentWelcomeFrame>

/** Sent when a visitor writes for the first time. */
export const ConversationCreatedFrame = Type.Object(
  { type: Type.Literal('conversation.created'), conversation: ConversationSummary },
  { title: 'ConversationCreatedFrame' },
)
export type ConversationCreatedFrame = Static<typeof ConversationCreatedFrame>

/** Sent for every new message in any conversation of the agent's sites, whoever wrote it. */
export const MessageCreatedFrame = Type.Object(
  { type: Type.Literal('message.created'), message: Message },
  { title: 'MessageCreatedFrame' },
)
export type MessageCreatedFrame = Static<typeof MessageCreatedFrame>

/** Sent when a conversation's status, owner, priority, tags, group or visitor details change. */
export const ConversationUpdatedFrame = Type.Object(
  { type: Type.Literal('conversation.updated'), conversation: ConversationSummary },
  { title: 'ConversationUpdatedFrame' },
)
export type ConversationUpdatedFrame = Static<typeof ConversationUpdatedFrame>

/** A visitor's presence changed (state, reason or `widgetOpen`). */
export const PresenceChangedFrame = Type.Object(
  {
    type: Type.Literal('presence.changed'),
    visitorId: Type.String(),
    conversationId: Type.Union([Type.String(), Type.Null()]),
    presence: Presence,
  },
  { title: 'PresenceChangedFrame' },
)
export type PresenceChangedFrame = Static<typeof PresenceChangedFrame>

/** A conversation's session turned active or inactive. */
export const SessionChangedFrame = Type.Object(
  { type: Type.Literal('session.changed'), conversationId: Type.String(), session: Session },
  { title: 'SessionChangedFrame' },
)
export type SessionChangedFrame = Static<typeof SessionChangedFrame>

/**
 * A frame from the server to an agent. Agents act over REST; on this socket they report how far they
 * have read, what they type and which conversation they view (see `agentClientFrames`), and anything
 * else is answered with an `error` frame. `ping`, every heartbeat round, wants no answer here: it only
 * proves to the client that the socket still carries frames.
 */
export type AgentServerFrame =
  | AgentWelcomeFrame
  | PingFrame
  | ConversationCreatedFrame
  | ConversationUpdatedFrame
  | MessageCreatedFrame
  | PresenceChangedFrame
  | SessionChangedFrame
  | ReceiptReadFrame
  | NoteCreatedFrame
  | ErrorFrame
  | AgentPresenceFrame
  | AgentUpdatedFrame
  | TypingFrame
  | ViewersFrame
