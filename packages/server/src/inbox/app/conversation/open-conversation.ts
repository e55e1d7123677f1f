import type { AgentServerFrame, ConversationDetail, Message, PresenceChange } from '@porchlight/protocol'
import { withReceipt } from '../read-watermarks.js'

/** The open conversation with its messages. */
export type OpenConversation = ConversationDetail

/** The open conversation and its visitor's presence timeline. */
export interface OpenState {
  conversation: OpenConversation
  timeline: PresenceChange[]
}

/** Inserts a message in seq order, once. */
function withMessage(messages: Message[], message: Message): Message[] {
  if (messages.some((known) => known.seq === message.seq)) return messages
  return [...messages, message].sort((a, b) => a.seq - b.seq)
}

/**
 * Applies one `/ws/agent` frame to the open conversation: a new message, a change of status, owner or
 * details, the session, the visitor's presence (a new timeline entry), a read receipt. `reload` asks for
 * the conversation again: a message arrived after a gap, so some were missed.
 */
export function applyToOpen(state: OpenState, frame: AgentServerFrame): { state: OpenState; reload: boolean } {
  const { conversation } = state
  const same = { state, reload: false }
  const changed = (next: Partial<OpenConversation>, timeline = state.timeline) => ({
    state: { conversation: { ...conversation, ...next, messages: next.messages ?? conversation.messages }, timeline },
    reload: false,
  })
  switch (frame.type) {
    case 'message.created': {
      const { message } = frame
      if (message.conversationId !== conversation.id) return same
      const next = changed({ messages: withMessage(conversation.messages, message), lastSeq: Math.max(conversation.lastSeq, message.seq) })
      return { ...next, reload: message.seq > conversation.lastSeq + 1 }
    }
    case 'conversation.created':
    case 'conversation.updated':
      return frame.conversation.id === conversation.id ? changed(frame.conversation) : same
    case 'session.changed':
      return frame.conversationId === conversation.id ? changed({ session: frame.session }) : same
    case 'presence.changed': {
      if (frame.visitorId !== conversation.visitor.id) return same
      const { state: presenceState, reason, widgetOpen, since } = frame.presence
      const entry = { state: presenceState, reason, widgetOpen, at: since, conversationId: frame.conversationId }
      return changed({ presence: frame.presence }, [...state.timeline, entry])
    }
    case 'receipt.read':
      return frame.conversationId === conversation.id
        ? changed({ readWatermarks: withReceipt(conversation.readWatermarks, frame.reader, frame.seq) })
        : same
    default:
      return same
  }
}
