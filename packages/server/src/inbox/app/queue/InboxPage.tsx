import type { ConversationList } from '@porchlight/protocol'
import { useEffect, useState } from 'preact/hooks'
import { api } from '../api.js'
import type { Conversation } from '../contract-frames.js'
import { useInbox } from '../inbox-context.js'
import type { ListKey } from '../route.js'

/** The queue and the open conversation. */
export function InboxPage(props: { list: ListKey; conversationId: string | null }) {
  const { generation } = useInbox()
  const [conversations, setConversations] = useState<Conversation[]>([])
  useEffect(() => {
    void api<ConversationList>('/api/conversations', { query: { session: 'active' } }).then(({ conversations }) =>
      setConversations(conversations),
    )
  }, [generation, props.list])
  return (
    <>
      <h1 tabIndex={-1}>Inbox</h1>
      <ul aria-label="Conversations">
        {conversations.map((conversation) => (
          <li key={conversation.id}>{conversation.visitor.name ?? conversation.visitor.id}</li>
        ))}
      </ul>
    </>
  )
}
