import type { AgentServerFrame, ConversationList, ConversationResponse, ConversationSummary } from '@porchlight/protocol'
import { useEffect, useState } from 'preact/hooks'
import { ApiError, api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import { applyFrame, ordered, type Conversations } from './conversation-list.js'
import type { ListDefinition } from './lists.js'

/** A list as the queue shows it. */
export interface ListState {
  conversations: ConversationSummary[]
  loading: boolean
  error: string | null
}

/** The summary part of a conversation's detail. */
function summary(detail: ConversationResponse['conversation']): ConversationSummary {
  const { messages: _messages, ...rest } = detail
  return rest
}

/**
 * One queue list, loaded from `GET /api/conversations` and kept live from `/ws/agent` frames, in the
 * server's order; reloaded after every reconnection (frames sent meanwhile are lost). A search (`q`)
 * looks through every conversation, whatever its list, status or session (an agent searching for a
 * customer does not know where they are); frames then update the rows found but add none. A row whose unread
 * count only the server knows (after a partial read) is loaded again.
 */
export function useConversationList(definition: ListDefinition, search: string): ListState {
  const { subscribe, generation } = useInbox()
  const [conversations, setConversations] = useState<Conversations>(new Map())
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    let loaded: Conversations | null = null
    const early: AgentServerFrame[] = []
    const searching = search.length >= 2
    const matches = (conversation: ConversationSummary) =>
      searching ? (loaded?.has(conversation.id) ?? false) : definition.matches(conversation)
    const load = (id: string) => {
      if (searching && !loaded?.has(id)) return
      api<ConversationResponse>(`/api/conversations/${encodeURIComponent(id)}`).then(
        ({ conversation }) => {
          if (!current || !loaded) return
          const fresh = summary(conversation)
          // An answer older than the messages the frames brought meanwhile would undo them.
          if (!matches(fresh) || (loaded.get(id)?.lastSeq ?? 0) > fresh.lastSeq) return
          loaded = new Map(loaded).set(id, fresh)
          setConversations(loaded)
        },
        () => undefined,
      )
    }
    const apply = (frame: AgentServerFrame) => {
      if (!loaded) {
        early.push(frame)
        return
      }
      const result = applyFrame(loaded, frame, matches)
      if (result.conversations !== loaded) setConversations((loaded = result.conversations))
      if (result.load) load(result.load)
    }
    const unsubscribe = subscribe(apply)
    setLoading(true)
    api<ConversationList>('/api/conversations', {
      query: searching ? { q: search, limit: 500 } : { ...definition.query, limit: 500 },
    }).then(
      (list) => {
        if (!current) return
        loaded = new Map(list.conversations.map((conversation) => [conversation.id, conversation]))
        // Frames that arrived while the list was on its way may be newer than it.
        for (const frame of early.splice(0)) apply(frame)
        setConversations(loaded)
        setError(null)
        setLoading(false)
      },
      (failure: unknown) => {
        if (!current) return
        setError(failure instanceof ApiError ? failure.message : 'The conversations could not be loaded.')
        setLoading(false)
      },
    )
    return () => {
      current = false
      unsubscribe()
    }
  }, [definition, search, generation, subscribe])

  return { conversations: ordered(conversations), loading, error }
}
