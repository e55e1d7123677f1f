import { Type, type Static } from 'typebox'
import { MessageText, Timestamp } from './message.js'

/** A private note on a conversation: agents see it, visitors never do. */
export const Note = Type.Object(
  {
    id: Type.String(),
    conversationId: Type.String(),
    agentId: Type.String(),
    /** The author's name when they wrote it. */
    agentName: Type.String(),
    text: Type.String(),
    createdAt: Timestamp,
  },
  { $id: 'Note', title: 'Note' },
)
export type Note = Static<typeof Note>

/** The body of `POST /api/conversations/:id/notes`. */
export const CreateNoteBody = Type.Object(
  { text: MessageText },
  { additionalProperties: false, $id: 'CreateNoteBody', title: 'CreateNoteBody' },
)
export type CreateNoteBody = Static<typeof CreateNoteBody>

/** The answer to `POST /api/conversations/:id/notes`. */
export const NoteResponse = Type.Object({ note: Note }, { $id: 'NoteResponse', title: 'NoteResponse' })
export type NoteResponse = Static<typeof NoteResponse>

/** The answer to `GET /api/conversations/:id/notes`: the newest notes (at most 500), oldest first. */
export const NoteList = Type.Object({ notes: Type.Array(Note) }, { $id: 'NoteList', title: 'NoteList' })
export type NoteList = Static<typeof NoteList>

/** Sent on `/ws/agent` when an agent writes a note (never on a visitor socket). */
export const NoteCreatedFrame = Type.Object({ type: Type.Literal('note.created'), note: Note }, { title: 'NoteCreatedFrame' })
export type NoteCreatedFrame = Static<typeof NoteCreatedFrame>
