import type { AgentServerFrame, ConversationSummary } from '@porchlight/protocol'

// The agent frames of issue 8 that other branches add to the protocol (workflow: notes; team: agent
// presence; live: typing and viewers), typed here as the contract between the branches describes them.
// Once they are merged, these become imports from `@porchlight/protocol`.

/** A private note on a conversation, visible to agents only. */
export interface Note {
  id: string
  conversationId: string
  agentId: string
  agentName: string
  text: string
  createdAt: string
}

/** An agent's own presence, as other agents see it. */
export interface AgentPresence {
  state: 'online' | 'away' | 'offline'
  since: string
}

/** Someone started or stopped typing in a conversation. */
export interface TypingFrame {
  type: 'typing'
  conversationId: string
  actor: { kind: 'visitor' } | { kind: 'agent'; agentId: string; name: string }
  active: boolean
}

/** Who has a conversation open right now. */
export interface ViewersFrame {
  type: 'viewers'
  conversationId: string
  agents: { id: string; name: string }[]
}

/** Every frame the inbox reads on `/ws/agent`. */
export type InboxFrame =
  | AgentServerFrame
  | { type: 'note.created'; note: Note }
  | { type: 'agent.presence'; agentId: string; presence: AgentPresence }
  | TypingFrame
  | ViewersFrame

/** Every frame the inbox sends on `/ws/agent`. */
export type InboxClientFrame =
  | { type: 'read'; conversationId: string; seq: number }
  | { type: 'activity' }
  | { type: 'typing'; conversationId: string; active: boolean }
  | { type: 'viewing'; conversationId: string | null }

/** The workflow fields that `ConversationSummary` gains on the workflow branch. */
export interface WorkflowFields {
  priority: 'low' | 'normal' | 'high' | 'urgent'
  tags: string[]
  group: string | null
  finishedAt: string | null
  unread: number
}

/** A conversation in the inbox's lists, with the workflow fields (absent until that branch is merged). */
export type Conversation = ConversationSummary & Partial<WorkflowFields>
