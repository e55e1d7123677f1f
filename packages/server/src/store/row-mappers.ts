import type { ConversationSummary, Message, Presence, ReadWatermarks, Visitor } from '@porchlight/protocol'
import type { Selectable } from 'kysely'
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

/** A visitor's row, with whether its `user_id` is the verified user whose record it is (1 or 0). */
export type VisitorRow = VisitorTable & { user_id_verified: number }

export function toVisitor(row: VisitorRow): Visitor {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    userId: row.user_id,
    userIdVerified: row.user_id_verified === 1,
    createdAt: iso(row.created_at),
    page: row.page_url,
    userAgent: row.user_agent,
    language: row.language,
    timeZone: row.time_zone,
    lastSeenAt: row.last_seen_at === null ? null : iso(row.last_seen_at),
  }
}

export function toPresence(row: Pick<VisitorTable, 'presence_state' | 'presence_reason' | 'presence_since' | 'widget_open'>): Presence {
  return {
    state: row.presence_state,
    reason: row.presence_reason,
    since: iso(row.presence_since),
    widgetOpen: row.widget_open === 1,
  }
}

export function toConversationSummary(
  row: Selectable<ConversationTable>,
  visitor: VisitorRow,
  lastMessage: Pick<MessageTable, 'author' | 'text' | 'created_at'> | null,
  readWatermarks: ReadWatermarks,
  unread: number,
): ConversationSummary {
  return {
    id: row.id,
    siteId: row.site_id,
    status: row.status,
    assigneeId: row.assignee_id,
    visitor: toVisitor(visitor),
    lastSeq: row.last_seq,
    presence: toPresence(visitor),
    session: { state: row.session_state, inactiveReason: row.inactive_reason, since: iso(row.session_since) },
    lastVisitorMessageAt: row.last_visitor_message_at === null ? null : iso(row.last_visitor_message_at),
    lastMessage: lastMessage && {
      author: lastMessage.author,
      text: lastMessage.text,
      createdAt: iso(lastMessage.created_at),
    },
    readWatermarks,
    priority: row.priority,
    tags: JSON.parse(row.tags) as string[],
    group: row.group_name,
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
    unread,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}
