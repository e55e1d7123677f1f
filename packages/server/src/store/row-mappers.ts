import type { ConversationSummary, Message, Visitor } from '@porchlight/protocol'
import type { ConversationTable, MessageTable, VisitorTable } from './schema.js'

const iso = (milliseconds: number) => new Date(milliseconds).toISOString()

export function toMessage(row: MessageTable): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    author: row.author,
    authorName: row.author_name,
    text: row.text,
    clientId: row.client_id,
    createdAt: iso(row.created_at),
  }
}

export function toVisitor(row: VisitorTable): Visitor {
  return { id: row.id, name: row.name, email: row.email, userId: row.user_id, createdAt: iso(row.created_at) }
}

export function toConversationSummary(
  row: ConversationTable,
  visitor: VisitorTable,
  lastMessage: Pick<MessageTable, 'author' | 'text' | 'created_at'> | null,
): ConversationSummary {
  return {
    id: row.id,
    siteId: row.site_id,
    status: row.status,
    assigneeId: row.assignee_id,
    visitor: toVisitor(visitor),
    lastSeq: row.last_seq,
    lastMessage: lastMessage && {
      author: lastMessage.author,
      text: lastMessage.text,
      createdAt: iso(lastMessage.created_at),
    },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}
