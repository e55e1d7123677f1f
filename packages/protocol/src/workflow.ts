import { Type, type Static } from 'typebox'
import { ConversationPriority, ConversationSummary } from './conversation.js'

/** Characters a label may not hold: control characters and, for tags, commas (tags are typed comma-separated). */
const controls = '\\u0000-\\u001f\\u007f-\\u009f'
/**
 * Labels of at least one character besides spaces. Linear to match (the leading spaces and the first
 * other character are disjoint classes), so that a long string of spaces costs no backtracking.
 */
const label = (forbidden: string) => `^\\s*[^\\s${forbidden}][^${forbidden}]*$`

/** The most tags one conversation may have. */
export const maxTags = 20

/** A tag as given: 1–50 characters, no control characters or commas; stored trimmed and lower-cased. */
export const Tag = Type.String({ minLength: 1, maxLength: 50, pattern: label(`${controls},`) })

/** A group's name as given: 1–100 characters without control characters; stored trimmed. */
export const GroupName = Type.String({ minLength: 1, maxLength: 100, pattern: label(controls) })

/** The body of `POST /api/conversations/:id/take`. */
export const TakeBody = Type.Object(
  {
    /** Take it even when another agent owns it (the inbox asks the person first). */
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'TakeBody', title: 'TakeBody' },
)
export type TakeBody = Static<typeof TakeBody>

/** The body of `PATCH /api/conversations/:id`: what changes; `group: null` clears the group. */
export const PatchConversationBody = Type.Object(
  {
    priority: Type.Optional(ConversationPriority),
    /** Replaces the tags: trimmed, lower-cased, repeats dropped. */
    tags: Type.Optional(Type.Array(Tag, { maxItems: maxTags })),
    group: Type.Optional(Type.Union([GroupName, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1, $id: 'PatchConversationBody', title: 'PatchConversationBody' },
)
export type PatchConversationBody = Static<typeof PatchConversationBody>

/** The answer to take, finish and `PATCH /api/conversations/:id`: the conversation as it is now. */
export const ConversationSummaryResponse = Type.Object(
  { conversation: ConversationSummary },
  { $id: 'ConversationSummaryResponse', title: 'ConversationSummaryResponse' },
)
export type ConversationSummaryResponse = Static<typeof ConversationSummaryResponse>

/** The `assignee` filter of `GET /api/conversations`: `me`, `none` (unowned), or an agent's id. */
export const AssigneeFilter = Type.String({
  minLength: 1,
  maxLength: 64,
  description: '`me` (the signed-in agent), `none` (nobody owns it), or an agent id',
})

/** The `q` of `GET /api/conversations`: matched case-insensitively in the visitor's name and email and every message's text. */
export const SearchText = Type.String({
  minLength: 2,
  maxLength: 200,
  description: "A piece of the visitor's name, email or any message's text, matched without regard to case",
})
