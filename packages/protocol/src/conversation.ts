import { Type, type Static } from 'typebox'
import { Message, MessageAuthor, Timestamp } from './message.js'
import { Presence, Session } from './presence.js'
import { ReadWatermarks } from './receipts.js'

/** Where a conversation is in the agents' workflow. */
export const ConversationStatus = Type.Union([Type.Literal('unanswered'), Type.Literal('active'), Type.Literal('finished')], {
  $id: 'ConversationStatus',
  title: 'ConversationStatus',
})
/** `unanswered` (no agent yet), `active` (owned by an agent) or `finished`. */
export type ConversationStatus = Static<typeof ConversationStatus>

const NullableString = Type.Union([Type.String(), Type.Null()])

/** How urgent a conversation is; new conversations are `normal`. */
export const ConversationPriority = Type.Union(
  [Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')],
  { $id: 'ConversationPriority', title: 'ConversationPriority' },
)
/** `low`, `normal` (the default), `high` or `urgent`. */
export type ConversationPriority = Static<typeof ConversationPriority>

/** The person on the website, as agents see them. */
export const Visitor = Type.Object(
  {
    id: Type.String(),
    name: NullableString,
    email: NullableString,
    userId: NullableString,
    /**
     * Whether `userId` was proven with a valid `userHash` (a verified user); false for a claim the site
     * accepted without proof, and when there is no `userId`.
     */
    userIdVerified: Type.Boolean(),
    createdAt: Timestamp,
    /** The page their latest tab was on when it connected (its `hello`); null when none was reported. */
    page: NullableString,
    /** The `User-Agent` header of their latest tab's socket, at most 512 characters; null without one. */
    userAgent: NullableString,
    /** Their browser's language (a BCP 47 tag such as `de-DE`) as their latest tab reported it; null when unknown. */
    language: NullableString,
    /** Their browser's IANA time zone (such as `Asia/Tokyo`) as their latest tab reported it; null when unknown. */
    timeZone: NullableString,
    /** When a tab of theirs last connected; null before their first connection. */
    lastSeenAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'Visitor', title: 'Visitor' },
)
/** The person on the website, as agents see them. */
export type Visitor = Static<typeof Visitor>

/** A conversation in a list: enough to order and show it without its messages. */
export const ConversationSummary = Type.Object(
  {
    id: Type.String(),
    siteId: Type.String(),
    status: ConversationStatus,
    assigneeId: NullableString,
    visitor: Visitor,
    lastSeq: Type.Integer({ minimum: 0 }),
    /** The visitor's presence, merged over all of their tabs. */
    presence: Presence,
    session: Session,
    /** When the visitor last wrote: the queue puts those waiting longest first. */
    lastVisitorMessageAt: Type.Union([Timestamp, Type.Null()]),
    lastMessage: Type.Union([Type.Object({ author: MessageAuthor, text: Type.String(), createdAt: Timestamp }), Type.Null()]),
    /** How far the visitor and each agent have read: an agent's message at or below `visitor` is "Seen". */
    readWatermarks: ReadWatermarks,
    priority: ConversationPriority,
    /** Labels, trimmed and lower-cased, each at most once. */
    tags: Type.Array(Type.String()),
    /** The team or queue it belongs to; null for none. */
    group: NullableString,
    /** When it was last finished; null unless its status is `finished` (a reopen clears it). */
    finishedAt: Type.Union([Timestamp, Type.Null()]),
    /**
     * Visitor messages unread by the team: those numbered above the highest read watermark of any agent
     * (a message one agent has seen is read for the team).
     */
    unread: Type.Integer({ minimum: 0 }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'ConversationSummary', title: 'ConversationSummary' },
)
/** A conversation in a list. */
export type ConversationSummary = Static<typeof ConversationSummary>

/** A conversation with all of its messages, oldest first. */
export const ConversationDetail = Type.Object(
  { ...ConversationSummary.properties, messages: Type.Array(Message) },
  { $id: 'ConversationDetail', title: 'ConversationDetail' },
)
/** A conversation with all of its messages, oldest first. */
export type ConversationDetail = Static<typeof ConversationDetail>
