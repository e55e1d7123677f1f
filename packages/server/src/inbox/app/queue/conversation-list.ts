import type { AgentServerFrame, ConversationSummary } from '@porchlight/protocol'
import { queueOrder } from '@porchlight/protocol'
import { withReceipt } from '../read-watermarks.js'

/** A list's conversations by id. */
export type Conversations = ReadonlyMap<string, ConversationSummary>

/**
 * What a frame did to a list: the list after it, and a conversation to load from the server because it
 * may now belong, or because only the server can count its unread messages now.
 */
export interface Applied {
  conversations: Conversations
  load: string | null
}

function put(
  conversations: Conversations,
  conversation: ConversationSummary,
  matches: (conversation: ConversationSummary) => boolean,
): Conversations {
  const next = new Map(conversations)
  if (matches(conversation)) next.set(conversation.id, conversation)
  else next.delete(conversation.id)
  return next
}

/**
 * Applies one `/ws/agent` frame to a list whose members are those that `matches`: a conversation that
 * changed joins or leaves it; a message, a presence or a read receipt updates its row. A frame about a
 * conversation the list does not hold that may make it belong (a visitor message reopening a finished
 * conversation, a session active again) asks for it to be loaded, and so does an agent reading part of
 * the way (the row does not hold the messages whose unread ones remain).
 */
export function applyFrame(
  conversations: Conversations,
  frame: AgentServerFrame,
  matches: (conversation: ConversationSummary) => boolean,
): Applied {
  const unchanged = { conversations, load: null }
  switch (frame.type) {
    case 'conversation.created':
    case 'conversation.updated': {
      const known = conversations.get(frame.conversation.id)
      return { conversations: put(conversations, { ...known, ...frame.conversation }, matches), load: null }
    }
    case 'message.created': {
      const { message } = frame
      const known = conversations.get(message.conversationId)
      if (!known) return message.author === 'visitor' ? { conversations, load: message.conversationId } : unchanged
      if (message.seq <= known.lastSeq) return unchanged
      const fromVisitor = message.author === 'visitor'
      const updated: ConversationSummary = {
        ...known,
        lastSeq: message.seq,
        lastMessage: { author: message.author, text: message.text, createdAt: message.createdAt },
        lastVisitorMessageAt: fromVisitor ? message.createdAt : known.lastVisitorMessageAt,
        unread: fromVisitor ? known.unread + 1 : known.unread,
      }
      return { conversations: put(conversations, updated, matches), load: null }
    }
    case 'presence.changed': {
      let next: Map<string, ConversationSummary> | undefined
      for (const conversation of conversations.values()) {
        if (conversation.visitor.id !== frame.visitorId) continue
        next ??= new Map(conversations)
        next.set(conversation.id, { ...conversation, presence: frame.presence })
      }
      return next ? { conversations: next, load: null } : unchanged
    }
    case 'session.changed': {
      const known = conversations.get(frame.conversationId)
      if (!known) return frame.session.state === 'active' ? { conversations, load: frame.conversationId } : unchanged
      return { conversations: put(conversations, { ...known, session: frame.session }, matches), load: null }
    }
    case 'receipt.read': {
      const known = conversations.get(frame.conversationId)
      if (!known) return unchanged
      const { reader, seq } = frame
      // Unread counts the visitor messages above the team's highest watermark: a read to the end clears
      // it, a read part of the way past the team's lowers it by a count the server knows.
      const teamRead = Math.max(0, ...Object.values(known.readWatermarks.agents))
      const agentRead = reader.type === 'agent' && seq > teamRead && known.unread > 0
      const updated: ConversationSummary = {
        ...known,
        readWatermarks: withReceipt(known.readWatermarks, reader, seq),
        unread: agentRead && seq >= known.lastSeq ? 0 : known.unread,
      }
      return { conversations: new Map(conversations).set(known.id, updated), load: agentRead && seq < known.lastSeq ? known.id : null }
    }
    default:
      return unchanged
  }
}

/** The list in queue order (see `queueOrder` in the protocol). */
export function ordered(conversations: Conversations): ConversationSummary[] {
  return [...conversations.values()].sort(queueOrder)
}
