import type { ConversationDetail, ConversationResponse, Message, PresenceChange, PresenceTimeline } from '@porchlight/protocol'
import { useCallback, useEffect, useState } from 'preact/hooks'
import { ApiError, api } from '../api.js'
import type { Conversation, WorkflowFields } from '../contract-frames.js'
import { useInbox } from '../inbox-context.js'

/** The open conversation with its messages, and its visitor's presence timeline. */
export type OpenConversation = ConversationDetail & Partial<WorkflowFields>

/** Inserts a message in seq order, once. */
function withMessage(messages: Message[], message: Message): Message[] {
  if (messages.some((known) => known.seq === message.seq)) return messages
  return [...messages, message].sort((a, b) => a.seq - b.seq)
}

/**
 * Loads a conversation and its presence timeline, and keeps both live from `/ws/agent`: new messages,
 * status and owner, presence (a new timeline entry each time), session, read receipts. Reloads after a
 * reconnection, and when a message arrives after a gap (frames lost while the socket was down).
 */
export function useConversation(id: string): {
  conversation: OpenConversation | null
  timeline: PresenceChange[]
  error: string | null
  /** Takes in a summary that a request answered (take, finish, details) before its frame arrives. */
  merge: (summary: Conversation) => void
} {
  const { subscribe, generation } = useInbox()
  const [conversation, setConversation] = useState<OpenConversation | null>(null)
  const [timeline, setTimeline] = useState<PresenceChange[]>([])
  const [error, setError] = useState<string | null>(null)
  const [reloads, setReloads] = useState(0)

  useEffect(() => {
    let current = true
    const path = `/api/conversations/${encodeURIComponent(id)}`
    Promise.all([api<ConversationResponse>(path), api<PresenceTimeline>(`${path}/presence`)]).then(
      ([detail, presence]) => {
        if (!current) return
        setConversation(detail.conversation)
        setTimeline(presence.timeline)
        setError(null)
      },
      (failure: unknown) => {
        if (current) setError(failure instanceof ApiError ? failure.message : 'The conversation could not be loaded.')
      },
    )
    return () => {
      current = false
    }
  }, [id, generation, reloads])

  useEffect(
    () =>
      subscribe((frame) => {
        switch (frame.type) {
          case 'message.created':
            if (frame.message.conversationId !== id) return
            setConversation((known) => {
              if (!known) return known
              if (frame.message.seq > known.lastSeq + 1) setReloads((count) => count + 1)
              return { ...known, messages: withMessage(known.messages, frame.message), lastSeq: Math.max(known.lastSeq, frame.message.seq) }
            })
            return
          case 'conversation.updated':
            if (frame.conversation.id === id)
              setConversation((known) => known && { ...known, ...frame.conversation, messages: known.messages })
            return
          case 'session.changed':
            if (frame.conversationId === id) setConversation((known) => known && { ...known, session: frame.session })
            return
          case 'presence.changed':
            setConversation((known) => {
              if (!known || known.visitor.id !== frame.visitorId) return known
              const { state, reason, widgetOpen, since } = frame.presence
              setTimeline((entries) => [...entries, { state, reason, widgetOpen, at: since, conversationId: frame.conversationId }])
              return { ...known, presence: frame.presence }
            })
            return
          case 'receipt.read':
            if (frame.conversationId !== id) return
            setConversation((known) => {
              if (!known) return known
              const { reader, seq } = frame
              const watermarks = known.readWatermarks
              return reader.type === 'visitor'
                ? { ...known, readWatermarks: { ...watermarks, visitor: Math.max(watermarks.visitor, seq) } }
                : {
                    ...known,
                    readWatermarks: {
                      ...watermarks,
                      agents: { ...watermarks.agents, [reader.agentId]: Math.max(watermarks.agents[reader.agentId] ?? 0, seq) },
                    },
                  }
            })
            return
        }
      }),
    [id, subscribe],
  )

  const merge = useCallback(
    (summary: Conversation) => setConversation((known) => known && { ...known, ...summary, messages: known.messages }),
    [],
  )
  return { conversation, timeline, error, merge }
}
