import { Type, type Static } from 'typebox'
import { AgentTypingFrame, ViewingFrame } from './live.js'

/**
 * A message number as a read watermark: "every message up to this one has been read". Bounded by the
 * largest integer a JavaScript number holds exactly; the server clamps it to the conversation's newest.
 */
const ReadSeq = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })

/** Who read: the conversation's visitor, or one agent. */
export const Reader = Type.Union(
  [Type.Object({ type: Type.Literal('visitor') }), Type.Object({ type: Type.Literal('agent'), agentId: Type.String() })],
  { title: 'Reader' },
)
/** Who read: `{ type: 'visitor' }` or `{ type: 'agent', agentId }`. */
export type Reader = Static<typeof Reader>

/**
 * How far each participant has read a conversation: the highest `seq` each has seen, 0 for none. An
 * agent's message at or below `visitor` has been seen by the visitor.
 */
export const ReadWatermarks = Type.Object(
  { visitor: Type.Integer({ minimum: 0 }), agents: Type.Record(Type.String(), Type.Integer({ minimum: 1 })) },
  { title: 'ReadWatermarks' },
)
/** How far each participant has read a conversation. */
export type ReadWatermarks = Static<typeof ReadWatermarks>

/**
 * The visitor has seen every message up to `seq` (on screen, in the open panel of a visible tab). Sent on
 * `/ws/visitor`; a watermark only moves forward, so an older one is ignored.
 */
export const ReadFrame = Type.Object({ type: Type.Literal('read'), seq: ReadSeq }, { additionalProperties: false, title: 'ReadFrame' })
export type ReadFrame = Static<typeof ReadFrame>

/** To the visitor's tabs: their own watermark moved (in this tab or another), so the unread count follows. */
export const ReadWatermarkFrame = Type.Object(
  { type: Type.Literal('read'), seq: Type.Integer({ minimum: 1 }) },
  { title: 'ReadWatermarkFrame' },
)
export type ReadWatermarkFrame = Static<typeof ReadWatermarkFrame>

/** To agents: a participant's watermark in a conversation moved forward to `seq`. */
export const ReceiptReadFrame = Type.Object(
  { type: Type.Literal('receipt.read'), conversationId: Type.String(), reader: Reader, seq: Type.Integer({ minimum: 1 }) },
  { title: 'ReceiptReadFrame' },
)
export type ReceiptReadFrame = Static<typeof ReceiptReadFrame>

/** On `/ws/agent`: the signed-in agent has seen every message of the conversation up to `seq`, as over REST. */
export const AgentReadFrame = Type.Object(
  { type: Type.Literal('read'), conversationId: Type.String({ minLength: 1, maxLength: 64 }), seq: ReadSeq },
  { additionalProperties: false, title: 'AgentReadFrame' },
)
export type AgentReadFrame = Static<typeof AgentReadFrame>

/** Every frame an agent may send, by `type`: the server validates each against its schema. */
export const agentClientFrames = {
  read: AgentReadFrame,
  typing: AgentTypingFrame,
  viewing: ViewingFrame,
} as const
/** A frame from an agent to the server. */
export type AgentClientFrame = AgentReadFrame | AgentTypingFrame | ViewingFrame

/** The body of `POST /api/conversations/:id/read`: the signed-in agent has read up to `seq`. */
export const ReadBody = Type.Object({ seq: ReadSeq }, { additionalProperties: false, $id: 'ReadBody', title: 'ReadBody' })
export type ReadBody = Static<typeof ReadBody>
