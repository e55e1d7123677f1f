import type { ConversationSummary, MessageAuthor } from '@porchlight/protocol'
import { routeHref, type ListKey } from '../route.js'
import { presenceWords } from './presence-words.js'
import { timeAgo } from './time-words.js'
import { visitorName } from './visitor-name.js'

/** Whose the last message is, when it is not the visitor's. */
const authorPrefix: Record<MessageAuthor, string> = { visitor: '', agent: 'Agent: ', bot: 'Bot: ', system: '' }

const priorityWords = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' } as const

/**
 * One row of the queue: a link whose text holds the visitor's name, their presence in words (the dot
 * only repeats it in colour), how long they have waited, the last message, and the unread count.
 */
export function QueueRow(props: { conversation: ConversationSummary; list: ListKey; selected: boolean; now: number }) {
  const { conversation } = props
  const last = conversation.lastMessage
  const waiting = conversation.lastVisitorMessageAt ?? conversation.createdAt
  return (
    <li>
      <a
        class="row"
        href={routeHref({ page: 'inbox', list: props.list, conversationId: conversation.id })}
        aria-current={props.selected ? 'true' : undefined}
        data-conversation={conversation.id}
      >
        <span class="row-top">
          <span class="name">{visitorName(conversation.visitor)}</span>
          {conversation.unread > 0 && <span class="unread">{conversation.unread} unread</span>}
          {conversation.priority !== 'normal' && (
            <span class={`priority ${conversation.priority}`}>{priorityWords[conversation.priority]}</span>
          )}
        </span>
        <span class="row-middle">
          <span class={`presence ${conversation.presence.state}`}>
            <span class="dot" aria-hidden="true" />
            {presenceWords(conversation.presence)}
          </span>
          <span class="ago">{timeAgo(waiting, props.now)}</span>
        </span>
        <span class="last">{last ? `${authorPrefix[last.author]}${last.text}` : 'No messages yet'}</span>
      </a>
    </li>
  )
}
