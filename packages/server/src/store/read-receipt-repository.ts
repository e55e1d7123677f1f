import type { Reader, ReadWatermarks } from '@porchlight/protocol'
import { sql, type Kysely } from 'kysely'
import type { GroupCommit } from './group-commit.js'
import type { Database } from './schema.js'

const visitorKey = 'visitor'
const agentPrefix = 'agent:'

/** The stored key of a reader. */
const readerKey = (reader: Reader): string => (reader.type === 'visitor' ? visitorKey : `${agentPrefix}${reader.agentId}`)

/**
 * Read watermarks: one per participant (the visitor, or an agent) and conversation, the highest message
 * number they have seen. A watermark only moves forward and never past the conversation's newest message.
 *
 * @example
 * ```ts
 * if ((await store.receipts.advanceTo(conversationId, { type: 'visitor' }, 3)) !== undefined) console.log('moved')
 * await store.receipts.visitorWatermark(conversationId) // 3
 * ```
 */
export class ReadReceiptRepository {
  readonly #db: Kysely<Database>
  readonly #commits: GroupCommit
  readonly #clock: () => number

  constructor(db: Kysely<Database>, commits: GroupCommit, clock: () => number) {
    this.#db = db
    this.#commits = commits
    this.#clock = clock
  }

  /**
   * Moves the reader's watermark to `seq`, clamped to the conversation's newest message, in one
   * conditional upsert: two readers racing (two tabs, two nodes) can only move it forward. Resolves with
   * the new watermark, or undefined when it did not move (or the conversation is unknown). Shares the
   * group commit with the messages.
   */
  advanceTo(conversationId: string, reader: Reader, seq: number): Promise<number | undefined> {
    const readAt = this.#clock()
    return this.#commits.run(async (trx) => {
      const moved = await trx
        .insertInto('read_receipts')
        .columns(['conversation_id', 'reader', 'seq', 'read_at'])
        .expression((insert) =>
          insert
            .selectFrom('conversations')
            .select((eb) => [
              'id',
              eb.val(readerKey(reader)).as('reader'),
              // Portable `least(last_seq, seq)`: a watermark never runs ahead of the messages.
              eb.case().when('last_seq', '<', seq).then(eb.ref('last_seq')).else(eb.val(seq)).end().as('seq'),
              eb.val(readAt).as('read_at'),
            ])
            .where('id', '=', conversationId)
            .where('last_seq', '>', 0),
        )
        .onConflict((conflict) =>
          conflict
            .columns(['conversation_id', 'reader'])
            .doUpdateSet({ seq: sql`excluded.seq`, read_at: sql`excluded.read_at` })
            .where(sql<boolean>`excluded.seq > read_receipts.seq`),
        )
        .returning('seq')
        .executeTakeFirst()
      return moved?.seq
    })
  }

  /** The visitor's watermark in a conversation; 0 when they have read nothing. */
  async visitorWatermark(conversationId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('read_receipts')
      .select('seq')
      .where('conversation_id', '=', conversationId)
      .where('reader', '=', visitorKey)
      .executeTakeFirst()
    return row?.seq ?? 0
  }

  /** Every participant's watermark in each of these conversations (all of them present, 0 for none). */
  async watermarks(conversationIds: readonly string[]): Promise<Map<string, ReadWatermarks>> {
    const result = new Map(conversationIds.map((id): [string, ReadWatermarks] => [id, { visitor: 0, agents: {} }]))
    if (conversationIds.length === 0) return result
    const rows = await this.#db
      .selectFrom('read_receipts')
      .select(['conversation_id', 'reader', 'seq'])
      .where('conversation_id', 'in', conversationIds)
      .execute()
    for (const row of rows) {
      const watermarks = result.get(row.conversation_id)!
      if (row.reader === visitorKey) watermarks.visitor = row.seq
      else watermarks.agents[row.reader.slice(agentPrefix.length)] = row.seq
    }
    return result
  }
}
