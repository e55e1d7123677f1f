import type { ConversationSummary } from '@porchlight/protocol'
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ApiError, api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import { Modal } from '../Modal.js'
import { cannedQuery, searchCanned, type CannedResponse } from './canned-search.js'
import { Drafts } from './drafts.js'
import { TypingPacer } from './typing-pacer.js'

const drafts = new Drafts()

/**
 * The reply box, a textbox named "Reply": Enter sends, Shift+Enter starts a new line. `/` opens the
 * canned responses, narrowed by what follows it (↑/↓ choose, Enter or Tab insert, Escape closes). While
 * the agent types, the visitor and the other agents see it (at most one frame every 2 s). In a
 * conversation another agent answers (`owner`, their name) it says so, and sending asks to take it over
 * first (then takes it with `force`); cancelling keeps the draft.
 */
export function Composer(props: { conversationId: string; owner: string | null; onChanged: (conversation: ConversationSummary) => void }) {
  const { send } = useInbox()
  const { conversationId, owner, onChanged } = props
  const [confirming, setConfirming] = useState(false)
  const closeConfirm = useCallback(() => setConfirming(false), [])
  const [text, setText] = useState(() => drafts.text(conversationId))
  const [error, setError] = useState<string | null>(null)
  const [canned, setCanned] = useState<CannedResponse[]>([])
  const [chosen, setChosen] = useState(0)
  const [dismissed, setDismissed] = useState(false)
  const box = useRef<HTMLTextAreaElement>(null)
  const pacer = useMemo(() => new TypingPacer((active) => send({ type: 'typing', conversationId, active })), [conversationId, send])
  useEffect(() => () => pacer.stop(), [pacer])

  useEffect(() => {
    let current = true
    api<{ cannedResponses: CannedResponse[] }>('/api/canned-responses').then(
      ({ cannedResponses }) => current && setCanned(cannedResponses),
      () => undefined,
    )
    return () => {
      current = false
    }
  }, [])

  const query = cannedQuery(text)
  const suggestions = query === null || dismissed ? [] : searchCanned(canned, query)
  const active = suggestions[Math.min(chosen, suggestions.length - 1)]

  const update = (value: string) => {
    setText(value)
    drafts.edit(conversationId, value)
    setChosen(0)
    if (cannedQuery(value) === null) setDismissed(false)
    pacer.input(value)
  }
  const insert = (response: CannedResponse) => {
    update(response.text)
    box.current?.focus()
  }
  const submit = async (takeOver = false) => {
    const reply = text.trim()
    if (reply === '') return
    if (owner && !takeOver) return setConfirming(true)
    setError(null)
    const path = `/api/conversations/${encodeURIComponent(conversationId)}`
    try {
      if (takeOver)
        onChanged(
          (await api<{ conversation: ConversationSummary }>(`${path}/take`, { method: 'POST', body: { force: true } })).conversation,
        )
      await api(`${path}/messages`, {
        method: 'POST',
        body: { text: reply, clientId: drafts.clientId(conversationId) },
      })
      update('')
      pacer.stop()
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Not sent: the server cannot be reached. Try again.')
    }
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setChosen((index) => (Math.min(index, suggestions.length - 1) + step + suggestions.length) % suggestions.length)
        return
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && active) {
        event.preventDefault()
        insert(active)
        return
      }
      if (event.key === 'Escape') {
        event.preventDefault()
        setDismissed(true)
        return
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      void submit()
    }
  }

  return (
    <>
      <form
        class="composer"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <label for="reply">Reply</label>
        {owner && (
          <p id="reply-owner" class="composer-owner">
            Owned by {owner}
          </p>
        )}
        <textarea
          id="reply"
          ref={box}
          data-shortcut="reply"
          rows={3}
          value={text}
          placeholder="Type a reply; / for canned responses"
          aria-describedby={owner ? 'reply-owner reply-help' : 'reply-help'}
          aria-controls={suggestions.length > 0 ? 'canned' : undefined}
          aria-activedescendant={active ? `canned-${active.id}` : undefined}
          onInput={(event) => update(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          onBlur={() => pacer.stop()}
        />
        <p id="reply-help" class="visually-hidden">
          Enter sends, Shift+Enter starts a new line, a slash opens the canned responses.
        </p>
        {suggestions.length > 0 && (
          <ul id="canned" class="canned" role="listbox" aria-label="Canned responses">
            {suggestions.map((response) => (
              <li
                key={response.id}
                id={`canned-${response.id}`}
                role="option"
                aria-selected={response === active}
                onMouseDown={(event) => {
                  event.preventDefault()
                  insert(response)
                }}
              >
                <span class="shortcut">/{response.shortcut}</span> {response.title}
              </li>
            ))}
          </ul>
        )}
        <p class="canned-status visually-hidden" role="status">
          {suggestions.length > 0 ? `${suggestions.length} canned responses` : ''}
        </p>
        <button type="submit">Send</button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
      {confirming && owner && (
        <Modal title={`Take over from ${owner}?`} onClose={closeConfirm}>
          <p>{owner} is answering this conversation. Sending your reply makes you its owner; they will see that you took it.</p>
          <div class="actions">
            <button
              type="button"
              onClick={() => {
                setConfirming(false)
                void submit(true)
              }}
            >
              Take over and send
            </button>
            <button type="button" class="secondary" onClick={closeConfirm}>
              Cancel
            </button>
          </div>
        </Modal>
      )}
    </>
  )
}
