import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ConversationView } from '../conversation/ConversationView.js'
import { useInbox } from '../inbox-context.js'
import { navigate, routeHref, type ListKey } from '../route.js'
import { useShortcuts, type ShortcutAction } from '../shortcuts.js'
import { useNow } from '../use-now.js'
import { HelpOverlay } from './HelpOverlay.js'
import { listDefinitions } from './lists.js'
import { QueueRow } from './QueueRow.js'
import { SearchDebounce } from './search-debounce.js'
import { TeamPresence } from './TeamPresence.js'
import { useConversationList } from './use-conversation-list.js'

/** Clicks a control of the open conversation by its `data-shortcut`, if it shows one. */
function press(name: string): void {
  document.querySelector<HTMLElement>(`[data-shortcut="${name}"]`)?.click()
}

/**
 * The queue (lists Unanswered, Mine, All active, Finished; a switch for inactive sessions; a search)
 * beside the open conversation, with the keyboard shortcuts.
 */
export function InboxPage(props: { list: ListKey; conversationId: string | null }) {
  const { agent } = useInbox()
  const [includeInactive, setIncludeInactive] = useState(false)
  const [typed, setTyped] = useState('')
  const [search, setSearch] = useState('')
  const [help, setHelp] = useState(false)
  const searchBox = useRef<HTMLInputElement>(null)
  const rows = useRef<HTMLUListElement>(null)
  const now = useNow()

  const definitions = useMemo(() => listDefinitions(agent, includeInactive), [agent, includeInactive])
  const definition = definitions.find((candidate) => candidate.key === props.list)!
  const { conversations, loading, error } = useConversationList(definition, search)

  const debounce = useMemo(() => new SearchDebounce(setSearch), [])
  useEffect(() => () => debounce.cancel(), [debounce])
  const type = (value: string) => {
    setTyped(value)
    debounce.push(value)
  }

  const { list, conversationId } = props
  const run = useCallback(
    (action: ShortcutAction) => {
      if (action === 'next' || action === 'previous') {
        const index = conversations.findIndex((conversation) => conversation.id === conversationId)
        const step = action === 'next' ? 1 : -1
        const target = conversations[index === -1 ? (step === 1 ? 0 : conversations.length - 1) : index + step]
        if (!target) return
        navigate({ page: 'inbox', list, conversationId: target.id })
        // Focus follows, so that a screen reader reads the row that is now open.
        requestAnimationFrame(() => rows.current?.querySelector<HTMLElement>(`[data-conversation="${CSS.escape(target.id)}"]`)?.focus())
      } else if (action === 'search') searchBox.current?.focus()
      else if (action === 'help') setHelp(true)
      else if (action === 'reply') document.querySelector<HTMLElement>('[data-shortcut="reply"]')?.focus()
      else press(action)
    },
    [conversations, conversationId, list],
  )
  useShortcuts(run)
  const closeHelp = useCallback(() => setHelp(false), [])

  return (
    <div class="inbox">
      <section class="queue" aria-labelledby="queue-heading">
        <h1 id="queue-heading" tabIndex={-1}>
          Inbox
        </h1>
        <nav aria-label="Lists" class="lists">
          {definitions.map((candidate) => (
            <a
              key={candidate.key}
              href={routeHref({ page: 'inbox', list: candidate.key, conversationId })}
              aria-current={candidate.key === list ? 'page' : undefined}
            >
              {candidate.label}
            </a>
          ))}
        </nav>
        <div class="queue-tools">
          <input
            ref={searchBox}
            type="search"
            aria-label="Search conversations"
            placeholder="Search name, email, messages (q)"
            value={typed}
            onInput={(event) => type(event.currentTarget.value)}
            onKeyDown={(event) => event.key === 'Escape' && type('')}
          />
          {list !== 'finished' && (
            <label class="switch">
              <input type="checkbox" checked={includeInactive} onChange={(event) => setIncludeInactive(event.currentTarget.checked)} />
              Show inactive sessions
            </label>
          )}
        </div>
        <p class="list-status" role="status">
          {typed.trim().length === 1
            ? 'Type at least 2 characters to search.'
            : loading
              ? 'Loading…'
              : error
                ? ''
                : `${conversations.length} ${conversations.length === 1 ? 'conversation' : 'conversations'}${search.length >= 2 ? ' found in every list' : ''}`}
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <ul ref={rows} class="rows" aria-label="Conversations">
          {conversations.map((conversation) => (
            <QueueRow
              key={conversation.id}
              conversation={conversation}
              list={list}
              selected={conversation.id === conversationId}
              now={now}
            />
          ))}
        </ul>
        <TeamPresence />
      </section>
      <section class="pane" aria-label="Conversation">
        {conversationId ? (
          <ConversationView key={conversationId} id={conversationId} />
        ) : (
          <p class="notice">Choose a conversation. Press ? for the keyboard shortcuts.</p>
        )}
      </section>
      {help && <HelpOverlay onClose={closeHelp} />}
    </div>
  )
}
