import { Type, type Static } from 'typebox'

const ConversationId = Type.String({ minLength: 1, maxLength: 64 })

/** On `/ws/visitor`: the visitor is typing (`active: true`, repeated while they type) or stopped. */
export const VisitorTypingFrame = Type.Object(
  { type: Type.Literal('typing'), active: Type.Boolean() },
  { additionalProperties: false, title: 'VisitorTypingFrame' },
)
export type VisitorTypingFrame = Static<typeof VisitorTypingFrame>

/** To the visitor's tabs: an agent is typing a reply in their conversation, or stopped. */
export const ReplyTypingFrame = Type.Object(
  { type: Type.Literal('typing'), active: Type.Boolean(), name: Type.String() },
  { title: 'ReplyTypingFrame' },
)
export type ReplyTypingFrame = Static<typeof ReplyTypingFrame>

/** To the visitor's tabs: a site setting the widget follows changed (two-way chat turned on or off). */
export const SiteFrame = Type.Object(
  { type: Type.Literal('site'), twoWayChat: Type.Boolean(), hideLauncherWhenTeamOffline: Type.Boolean() },
  { title: 'SiteFrame' },
)
export type SiteFrame = Static<typeof SiteFrame>

/** On `/ws/agent`: the signed-in agent is typing in a conversation (`active: true`, repeated) or stopped. */
export const AgentTypingFrame = Type.Object(
  { type: Type.Literal('typing'), conversationId: ConversationId, active: Type.Boolean() },
  { additionalProperties: false, title: 'AgentTypingFrame' },
)
export type AgentTypingFrame = Static<typeof AgentTypingFrame>

/** Who is typing: the conversation's visitor, or an agent. */
export const TypingActor = Type.Union(
  [
    Type.Object({ kind: Type.Literal('visitor') }),
    Type.Object({ kind: Type.Literal('agent'), agentId: Type.String(), name: Type.String() }),
  ],
  { title: 'TypingActor' },
)
export type TypingActor = Static<typeof TypingActor>

/** To agents: someone is typing in a conversation, or stopped. An agent never gets their own. */
export const TypingFrame = Type.Object(
  { type: Type.Literal('typing'), conversationId: Type.String(), actor: TypingActor, active: Type.Boolean() },
  { title: 'TypingFrame' },
)
export type TypingFrame = Static<typeof TypingFrame>

/**
 * On `/ws/agent`: the conversation this socket shows (`null`: none). Send it when the inbox opens or
 * leaves a conversation, and again after every reconnect.
 */
export const ViewingFrame = Type.Object(
  { type: Type.Literal('viewing'), conversationId: Type.Union([ConversationId, Type.Null()]) },
  { additionalProperties: false, title: 'ViewingFrame' },
)
export type ViewingFrame = Static<typeof ViewingFrame>

/** An agent who has a conversation open. */
export const Viewer = Type.Object({ id: Type.String(), name: Type.String() }, { title: 'Viewer' })
export type Viewer = Static<typeof Viewer>

/**
 * To agents: who has a conversation open now, each agent once, by name (the receiving agent included,
 * when they have it open). Sent on every change, and to a socket at once after its `viewing` frame.
 */
export const ViewersFrame = Type.Object(
  { type: Type.Literal('viewers'), conversationId: Type.String(), agents: Type.Array(Viewer) },
  { title: 'ViewersFrame' },
)
export type ViewersFrame = Static<typeof ViewersFrame>
