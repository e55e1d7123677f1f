import type { AgentServerFrame, ConversationResponse, ConversationSummary, PresenceTimeline } from '@porchlight/protocol'
import { useCallback, useEffect, useState } from 'preact/hooks'
import { ApiError, api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import { applyToOpen, type OpenState } from './open-conversation.js'

/**
 * Loads a conversation and its presence timeline, and keeps both live from `/ws/agent` (see
 * {@link applyToOpen}). Frames that arrive while it loads are applied after it; it loads again after a
 * reconnection and after a gap in the messages (frames lost while the socket was down).
 */
export function useConversation(id: string): {
  open: OpenState | null
  error: string | null
  /** Takes in a summary that a request answered (take, finish, details) before its frame arrives. */
  merge: (summary: ConversationSummary) => void
} {
  const { subscribe, generation } = useInbox()
  const [open, setOpen] = useState<OpenState | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reloads, setReloads] = useState(0)

  useEffect(() => {
    let current = true
    let state: OpenState | null = null
    const early: AgentServerFrame[] = []
    const apply = (frame: AgentServerFrame) => {
      if (!state) return void early.push(frame)
      const result = applyToOpen(state, frame)
      if (result.state !== state) setOpen((state = result.state))
      if (result.reload) setReloads((count) => count + 1)
    }
    const unsubscribe = subscribe(apply)
    const path = `/api/conversations/${encodeURIComponent(id)}`
    Promise.all([api<ConversationResponse>(path), api<PresenceTimeline>(`${path}/presence`)]).then(
      ([detail, presence]) => {
        if (!current) return
        state = { conversation: detail.conversation, timeline: presence.timeline }
        // What happened while they were on their way may be newer than them.
        for (const frame of early.splice(0)) apply(frame)
        setOpen(state)
        setError(null)
      },
      (failure: unknown) => {
        if (current) setError(failure instanceof ApiError ? failure.message : 'The conversation could not be loaded.')
      },
    )
    return () => {
      current = false
      unsubscribe()
    }
  }, [id, generation, reloads, subscribe])

  const merge = useCallback(
    (summary: ConversationSummary) =>
      setOpen((known) => known && { ...known, conversation: { ...known.conversation, ...summary, messages: known.conversation.messages } }),
    [],
  )
  return { open, error, merge }
}
