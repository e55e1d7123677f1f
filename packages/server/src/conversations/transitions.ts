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

/**
 * An agent takes the conversation (from any status, `finished` included): it becomes active and theirs.
 * One that another agent owns, unless finished, stays as it is without `force`.
 */
export function take(agentId: string, force: boolean): (current: ConversationState) => ConversationState {
  return (current) => {
    const ownedByAnother = current.status !== 'finished' && current.assigneeId !== null && current.assigneeId !== agentId
    return ownedByAnother && !force ? current : { status: 'active', assigneeId: agentId }
  }
}

/** An agent finishes the conversation; its owner stays (who handled it). */
export function finish(current: ConversationState): ConversationState {
  return { ...current, status: 'finished' }
}

/**
 * The agent's account was disabled: a conversation of theirs that is not finished goes back to the queue
 * as unanswered, with no owner (a finished one keeps who handled it).
 */
export function release(agentId: string): (current: ConversationState) => ConversationState {
  return (current) =>
    current.assigneeId === agentId && current.status !== 'finished' ? { status: 'unanswered', assigneeId: null } : current
}
