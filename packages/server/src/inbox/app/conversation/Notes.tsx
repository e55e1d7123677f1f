import type { Note } from '@porchlight/protocol'
import { useEffect, useState } from 'preact/hooks'
import { ApiError, api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import { clockTime } from '../queue/time-words.js'

/** Private notes on the conversation: agents only, never shown to the visitor; live from `note.created`. */
export function Notes(props: { conversationId: string }) {
  const { subscribe, generation } = useInbox()
  const [notes, setNotes] = useState<Note[]>([])
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const path = `/api/conversations/${encodeURIComponent(props.conversationId)}/notes`
  const add = (note: Note) => setNotes((known) => (known.some((other) => other.id === note.id) ? known : [...known, note]))

  useEffect(() => {
    let current = true
    api<{ notes: Note[] }>(path).then(
      ({ notes }) => current && setNotes(notes),
      () => undefined,
    )
    const unsubscribe = subscribe((frame) => {
      if (frame.type === 'note.created' && frame.note.conversationId === props.conversationId) add(frame.note)
    })
    return () => {
      current = false
      unsubscribe()
    }
  }, [path, props.conversationId, subscribe, generation])

  const submit = async (event: Event) => {
    event.preventDefault()
    if (text.trim() === '') return
    try {
      add((await api<{ note: Note }>(path, { method: 'POST', body: { text } })).note)
      setText('')
      setError(null)
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'The server cannot be reached.')
    }
  }

  return (
    <section aria-labelledby="notes-heading">
      <h2 id="notes-heading">Private notes</h2>
      <ul class="notes" aria-label="Private notes">
        {notes.map((note) => (
          <li key={note.id}>
            <span class="meta">
              {note.agentName} <time dateTime={note.createdAt}>{clockTime(note.createdAt)}</time>
            </span>
            <span class="text">{note.text}</span>
          </li>
        ))}
      </ul>
      <form class="note-form" onSubmit={(event) => void submit(event)}>
        <label for="note-text">Note</label>
        <textarea id="note-text" rows={2} value={text} onInput={(event) => setText(event.currentTarget.value)} />
        <button type="submit" class="secondary">
          Add note
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  )
}
