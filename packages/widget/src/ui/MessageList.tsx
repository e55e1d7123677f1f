import type { Message } from '@porchlight/protocol'
import type { Ref } from 'preact'
import type { PendingMessage } from '../client/pending-message.js'

/** Props of {@link MessageList}. */
export interface MessageListProps {
  messages: readonly Message[]
  pending: readonly PendingMessage[]
  listRef: Ref<HTMLDivElement>
}

function label(message: Message): string | null {
  if (message.author === 'visitor' || message.author === 'system') return null
  return message.authorName ?? (message.author === 'bot' ? 'Bot' : 'Support')
}

/**
 * The conversation, as a polite live region: screen readers announce new replies without interrupting.
 * Texts are rendered as text nodes, never as HTML, so a message cannot inject markup. Stored messages
 * carry their `data-seq`, for the read receipts to observe.
 */
export function MessageList({ messages, pending, listRef }: MessageListProps) {
  return (
    <div class="log" role="log" aria-live="polite" aria-label="Messages" ref={listRef}>
      {messages.length + pending.length === 0 && <p class="empty">Ask us anything. We usually reply in a few minutes.</p>}
      {messages.map((message) => {
        const name = label(message)
        return (
          <div key={message.id} class={`m ${message.author}`} data-seq={message.seq}>
            {name && <span class="who">{name}</span>}
            {message.text}
          </div>
        )
      })}
      {pending.map((message) => (
        <div key={message.clientId} class="m visitor pending">
          {message.text}
          <span class="meta">Sending…</span>
        </div>
      ))}
    </div>
  )
}
