import { Type, type Static } from 'typebox'
import { Timestamp } from './message.js'

/** The return-link token from `#porchlight=<token>`, and unsubscribe tokens: base64url, bounded. */
const LinkToken = Type.String({ minLength: 1, maxLength: 256, pattern: '^[A-Za-z0-9_.-]+$' })

/** The body of `POST /api/visitor/resume`: the token from a follow-up email's return link. */
export const ResumeBody = Type.Object({ token: LinkToken }, { additionalProperties: false, $id: 'ResumeBody', title: 'ResumeBody' })
export type ResumeBody = Static<typeof ResumeBody>

/**
 * The answer to `POST /api/visitor/resume`: the visitor session the link stood for. Adopt `visitorToken`
 * (a new one: the old browser keeps its own) and open the panel on `conversationId`. When
 * `identityRequired` is true the visitor is a signed-in user of a site that requires verification: there
 * is no `visitorToken`, and the conversation shows only once the page calls `identify` with a valid
 * `userHash`.
 */
export const ResumeResponse = Type.Object(
  {
    site: Type.String(),
    conversationId: Type.String(),
    visitorToken: Type.Optional(Type.String()),
    identityRequired: Type.Boolean(),
  },
  { $id: 'ResumeResponse', title: 'ResumeResponse' },
)
export type ResumeResponse = Static<typeof ResumeResponse>

/** The query of `GET`/`POST /api/visitor/unsubscribe`: the token from the email's `List-Unsubscribe` link. */
export const UnsubscribeQuery = Type.Object({ token: LinkToken }, { additionalProperties: false, title: 'UnsubscribeQuery' })
export type UnsubscribeQuery = Static<typeof UnsubscribeQuery>

/**
 * The body of the one-click `POST /api/visitor/unsubscribe` (RFC 8058), sent form-encoded by mail
 * clients: `List-Unsubscribe=One-Click`.
 */
export const UnsubscribeBody = Type.Object(
  { 'List-Unsubscribe': Type.Literal('One-Click') },
  { additionalProperties: false, $id: 'UnsubscribeBody', title: 'UnsubscribeBody' },
)
export type UnsubscribeBody = Static<typeof UnsubscribeBody>

/**
 * Where a conversation's follow-up stands: `scheduled` (an agent's reply is unread; the email goes at the
 * due time), `waiting` (due, but the visitor is still in the chat: it goes when they leave), `sent`,
 * `failed` (with `error`), `cancelled` (read in time, or follow-up off), `skipped` (no email address, or the
 * visitor unsubscribed: `error` says which).
 */
export const FollowupState = Type.Union(
  [
    Type.Literal('scheduled'),
    Type.Literal('waiting'),
    Type.Literal('sent'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
    Type.Literal('skipped'),
  ],
  { title: 'FollowupState' },
)
export type FollowupState = Static<typeof FollowupState>

/** A follow-up email that went out: its `Message-ID` and the messages (by `seq`) it carried. */
export const SentFollowup = Type.Object(
  { messageId: Type.String(), firstSeq: Type.Integer({ minimum: 1 }), lastSeq: Type.Integer({ minimum: 1 }), sentAt: Timestamp },
  { title: 'SentFollowup' },
)
export type SentFollowup = Static<typeof SentFollowup>

/** The answer to `GET /api/conversations/:id/followups`: the current state and every email sent, oldest first. */
export const FollowupHistory = Type.Object(
  {
    state: Type.Union([Type.Object({ state: FollowupState, error: Type.Union([Type.String(), Type.Null()]), at: Timestamp }), Type.Null()]),
    sent: Type.Array(SentFollowup),
  },
  { $id: 'FollowupHistory', title: 'FollowupHistory' },
)
export type FollowupHistory = Static<typeof FollowupHistory>

/** The answer to the one-click unsubscribe: a short HTML page saying it is done. */
export const UnsubscribePage = Type.String({ $id: 'UnsubscribePage', title: 'UnsubscribePage' })
