import type { Agent, ConversationSummary } from '@porchlight/protocol'
import type { RequestOptions } from '../api.js'
import type { ListKey } from '../route.js'

/** A queue list: its name, what to ask the server for, and which conversations belong as frames arrive. */
export interface ListDefinition {
  key: ListKey
  label: string
  query: NonNullable<RequestOptions['query']>
  matches(conversation: ConversationSummary): boolean
}

/**
 * The queue's lists: Unanswered, Mine, All active (owned by anyone), Finished. The first three are the
 * live queue (active sessions), unless the agent asks to see inactive sessions too; Finished conversations
 * always have an inactive session.
 */
export function listDefinitions(agent: Agent, includeInactive: boolean): ListDefinition[] {
  const session = includeInactive ? undefined : 'active'
  const live = (conversation: ConversationSummary) => includeInactive || conversation.session.state === 'active'
  return [
    {
      key: 'unanswered',
      label: 'Unanswered',
      query: { status: 'unanswered', session },
      matches: (conversation) => conversation.status === 'unanswered' && live(conversation),
    },
    {
      key: 'mine',
      label: 'Mine',
      query: { status: 'active', assignee: 'me', session },
      matches: (conversation) => conversation.status === 'active' && conversation.assigneeId === agent.id && live(conversation),
    },
    {
      key: 'active',
      label: 'All active',
      query: { status: 'active', session },
      matches: (conversation) => conversation.status === 'active' && live(conversation),
    },
    {
      key: 'finished',
      label: 'Finished',
      query: { status: 'finished' },
      matches: (conversation) => conversation.status === 'finished',
    },
  ]
}
