import type { Message } from '@porchlight/protocol'
import { useEffect, useRef } from 'preact/hooks'
import { clockTime } from '../queue/time-words.js'

/**
 * The conversation's messages, a `log` named "Messages" (new ones are announced politely), oldest
 * first, kept scrolled to the newest. An agent's message says "Seen" once the visitor has read it (the
 * visitor's read watermark reached it), "Sent" before.
 */
export function MessageLog(props: { messages: Message[]; visitorName: string; visitorRead: number }) {
  const log = useRef<HTMLDivElement>(null)
  const newest = props.messages.at(-1)?.seq
  useEffect(() => {
    const element = log.current
    if (element) element.scrollTop = element.scrollHeight
  }, [newest])
  return (
    <div ref={log} class="messages" role="log" aria-label="Messages">
      <ol>
        {props.messages.map((message) => {
          const who =
            message.author === 'visitor' ? props.visitorName : (message.authorName ?? (message.author === 'bot' ? 'Bot' : 'Porchlight'))
          return (
            <li key={message.id} class={`message ${message.author}`}>
              <span class="meta">
                <span class="author">{who}</span> <time dateTime={message.createdAt}>{clockTime(message.createdAt)}</time>
              </span>
              <span class="text">{message.text}</span>
              {message.author === 'agent' && <span class="receipt">{message.seq <= props.visitorRead ? 'Seen' : 'Sent'}</span>}
            </li>
          )
        })}
      </ol>
    </div>
  )
}
