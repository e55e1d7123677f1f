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
 * The queue's lists: Unanswered, Mine, All active (owned by anyone), Finished. Unanswered and All active
 * are the live queue (active sessions), unless the agent asks to see inactive sessions too; Mine holds
 * every unfinished conversation the agent owns, whether or not the visitor is still there, so that a
 * conversation someone took never drops out of sight; Finished conversations always have an inactive
 * session.
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
      query: { status: 'active', assignee: 'me' },
      matches: (conversation) => conversation.status === 'active' && conversation.assigneeId === agent.id,
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
