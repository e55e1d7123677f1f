import type { ConversationSummary } from '@porchlight/protocol'

/** The agent answering a conversation when that is someone other than `agentId`, else null. */
export function otherOwner(conversation: Pick<ConversationSummary, 'status' | 'assigneeId'>, agentId: string): string | null {
  return conversation.status === 'active' && conversation.assigneeId !== agentId ? conversation.assigneeId : null
}
