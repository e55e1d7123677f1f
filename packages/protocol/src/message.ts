import { Type, type Static } from 'typebox'
import { limits } from './limits.js'

/** Who wrote a message. */
export const MessageAuthor = Type.Union([Type.Literal('visitor'), Type.Literal('agent'), Type.Literal('bot'), Type.Literal('system')], {
  title: 'MessageAuthor',
})
/** Who wrote a message: `visitor`, `agent`, `bot` or `system`. */
export type MessageAuthor = Static<typeof MessageAuthor>

/**
 * The text a person types: at least one character, at most {@link limits.messageText} UTF-16 code units
 * (JavaScript's `text.length`, what the widget counts). JSON Schema's `maxLength` counts code points,
 * which would let 4,000 emoji through at twice the size: the refinement counts code units.
 */
export const MessageText = Type.Refine(
  Type.String({ minLength: 1, maxLength: limits.messageText }),
  (text) => text.length <= limits.messageText,
  () => `must be at most ${limits.messageText} UTF-16 code units`,
)

/** A client-chosen idempotency key: a retried send with the same id is stored once. */
export const ClientId = Type.String({ minLength: 1, maxLength: limits.clientId, pattern: '^[A-Za-z0-9_.:-]+$' })

/** An ISO 8601 timestamp in UTC, as the server writes them. */
export const Timestamp = Type.String({ format: 'date-time' })

/** A stored message, numbered per conversation by `seq` (1, 2, 3, ... with no gaps). */
export const Message = Type.Object(
  {
    id: Type.String(),
    conversationId: Type.String(),
    seq: Type.Integer({ minimum: 1 }),
    author: MessageAuthor,
    authorName: Type.Union([Type.String(), Type.Null()]),
    text: Type.String(),
    clientId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
  },
  { title: 'Message' },
)
/** A stored message. */
export type Message = Static<typeof Message>
