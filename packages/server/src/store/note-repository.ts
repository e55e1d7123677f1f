import type { Note } from '@porchlight/protocol'
import type { Kysely } from 'kysely'
import type { GroupCommit } from './group-commit.js'
import type { Database, NoteTable } from './schema.js'

const toNote = (row: NoteTable): Note => ({
  id: row.id,
  conversationId: row.conversation_id,
  agentId: row.agent_id,
  agentName: row.agent_name,
  text: row.text,
  createdAt: new Date(row.created_at).toISOString(),
})

/**
 * Agents' private notes on conversations. Nothing here reaches a visitor: only the agent API and the
 * agents' socket read notes.
 *
 * @example
 * ```ts
 * const note = await store.notes.add({ id, conversationId, agentId, agentName, text, createdAt: now })
 * await store.notes.list(conversationId, 500)
 * ```
 */
export class NoteRepository {
  readonly #db: Kysely<Database>
  readonly #commits: GroupCommit

  constructor(db: Kysely<Database>, commits: GroupCommit) {
    this.#db = db
    this.#commits = commits
  }

  /** Stores a note on an existing conversation; resolves undefined (storing nothing) for an unknown one. */
  add(note: {
    id: string
    conversationId: string
    agentId: string
    agentName: string
    text: string
    createdAt: number
  }): Promise<Note | undefined> {
    const row: NoteTable = {
      id: note.id,
      conversation_id: note.conversationId,
      agent_id: note.agentId,
      agent_name: note.agentName,
      text: note.text,
      created_at: note.createdAt,
    }
    return this.#commits.run(async (trx) => {
      // One statement: the note goes in only if the conversation is there.
      const inserted = await trx
        .insertInto('notes')
        .columns(['id', 'conversation_id', 'agent_id', 'agent_name', 'text', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('conversations')
            .select([
              eb.val(row.id).as('id'),
              'id as conversation_id',
              eb.val(row.agent_id).as('agent_id'),
              eb.val(row.agent_name).as('agent_name'),
              eb.val(row.text).as('text'),
              eb.val(row.created_at).as('created_at'),
            ])
            .where('id', '=', row.conversation_id),
        )
        .executeTakeFirst()
      return inserted.numInsertedOrUpdatedRows === 1n ? toNote(row) : undefined
    })
  }

  /** The conversation's newest notes, at most `limit`, oldest first. */
  async list(conversationId: string, limit: number): Promise<Note[]> {
    const rows = await this.#db
      .selectFrom('notes')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.reverse().map(toNote)
  }
}
