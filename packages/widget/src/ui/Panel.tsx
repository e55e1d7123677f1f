import type { Message } from '@porchlight/protocol'
import type { Ref } from 'preact'
import type { ConnectionStatus } from '../client/connection-status.js'
import type { PendingMessage } from '../client/pending-message.js'
import { Composer } from './Composer.js'
import { EmailField, type EmailFieldProps } from './EmailField.js'
import { MessageList } from './MessageList.js'

/** Props of {@link Panel}. */
export interface PanelProps {
  open: boolean
  messages: readonly Message[]
  pending: readonly PendingMessage[]
  status: ConnectionStatus
  /** A problem to show the visitor, such as a message the server refused. */
  notice: string | null
  /** The email field's state, while the visitor is asked for an email; `null` when they are not. */
  email: EmailFieldProps | null
  /** The name of the agent typing a reply, or `null`. */
  typing: string | null
  /** Whether the site takes the visitor's messages; off, there is no composer but a note. */
  twoWayChat: boolean
  listRef: Ref<HTMLDivElement>
  inputRef: Ref<HTMLTextAreaElement>
  onClose: () => void
  onSend: (text: string) => void
  /** The visitor's text turned non-empty (typing) or empty. */
  onTyping: (active: boolean) => void
}

const statusText: Partial<Record<ConnectionStatus, string>> = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Chat is unavailable right now.',
}

/**
 * The chat window: a non-modal dialog (the page stays usable) named "Chat". Closed, it stays in the DOM
 * but hidden, so that a half-written message and the scroll position survive.
 */
export function Panel(props: PanelProps) {
  const notice = props.notice ?? statusText[props.status]
  return (
    <div
      class="panel"
      role="dialog"
      aria-label="Chat"
      hidden={!props.open}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onClose()
      }}
    >
      <header>
        How can we help?
        <button type="button" aria-label="Close chat" onClick={props.onClose}>
          ×
        </button>
      </header>
      {notice && (
        <p class="status" role="status">
          {notice}
        </p>
      )}
      <MessageList messages={props.messages} pending={props.pending} listRef={props.listRef} />
      <p class="typing" aria-live="polite">
        {props.typing && `${props.typing} is typing…`}
      </p>
      {props.email && <EmailField {...props.email} />}
      {props.twoWayChat ? (
        <Composer inputRef={props.inputRef} onSend={props.onSend} onTyping={props.onTyping} />
      ) : (
        <p class="note">This chat shows our replies only: it does not take messages.</p>
      )}
    </div>
  )
}
