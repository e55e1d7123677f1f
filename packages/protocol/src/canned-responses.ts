import { Type, type Static } from 'typebox'
import { MessageText, Timestamp } from './message.js'

/** What an agent types after `/` to insert a canned response: lower-case letters, digits, `_` and `-`. */
export const CannedShortcut = Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' })
const CannedTitle = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]+$' })

/** The most canned responses the team may have. */
export const maxCannedResponses = 1000

/** A reply the team shares, inserted in the inbox by its shortcut. */
export const CannedResponse = Type.Object(
  {
    id: Type.String(),
    shortcut: Type.String(),
    title: Type.String(),
    text: Type.String(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'CannedResponse', title: 'CannedResponse' },
)
export type CannedResponse = Static<typeof CannedResponse>

/** The body of `POST /api/canned-responses`. */
export const CreateCannedResponseBody = Type.Object(
  { shortcut: CannedShortcut, title: CannedTitle, text: MessageText },
  { additionalProperties: false, $id: 'CreateCannedResponseBody', title: 'CreateCannedResponseBody' },
)
export type CreateCannedResponseBody = Static<typeof CreateCannedResponseBody>

/** The body of `PATCH /api/canned-responses/:id`: what changes. */
export const PatchCannedResponseBody = Type.Object(
  { shortcut: Type.Optional(CannedShortcut), title: Type.Optional(CannedTitle), text: Type.Optional(MessageText) },
  { additionalProperties: false, minProperties: 1, $id: 'PatchCannedResponseBody', title: 'PatchCannedResponseBody' },
)
export type PatchCannedResponseBody = Static<typeof PatchCannedResponseBody>

/** The path parameters of `/api/canned-responses/:id`. */
export const CannedResponseParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
export type CannedResponseParams = Static<typeof CannedResponseParams>

/** The answer to `POST` and `PATCH` on canned responses. */
export const CannedResponseResponse = Type.Object(
  { cannedResponse: CannedResponse },
  { $id: 'CannedResponseResponse', title: 'CannedResponseResponse' },
)
export type CannedResponseResponse = Static<typeof CannedResponseResponse>

/** The answer to `GET /api/canned-responses`: every one, by shortcut. */
export const CannedResponseList = Type.Object(
  { cannedResponses: Type.Array(CannedResponse) },
  { $id: 'CannedResponseList', title: 'CannedResponseList' },
)
export type CannedResponseList = Static<typeof CannedResponseList>
