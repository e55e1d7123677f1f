import type { ConversationState } from '../store/message-writer.js'

/**
 * A visitor wrote: a finished conversation goes back to the queue as unanswered, with no owner;
 * otherwise nothing changes.
 */
export function afterVisitorMessage(current: ConversationState): ConversationState {
  return current.status === 'finished' ? { status: 'unanswered', assigneeId: null } : current
}

/**
 * An agent replied: the conversation becomes active, owned by whoever already owns it, or else by the
 * agent who replied.
 */
export function afterAgentMessage(agentId: string): (current: ConversationState) => ConversationState {
  return (current) => ({ status: 'active', assigneeId: current.assigneeId ?? agentId })
}
