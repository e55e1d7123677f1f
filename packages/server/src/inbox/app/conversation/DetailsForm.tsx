import type { ConversationSummary, ConversationPriority } from '@porchlight/protocol'
import { useState } from 'preact/hooks'
import { ApiError, api } from '../api.js'
import type { OpenConversation } from './open-conversation.js'

const priorities: ConversationPriority[] = ['low', 'normal', 'high', 'urgent']

/** Tags as typed, comma-separated: trimmed, empty ones dropped (the server lower-cases them). */
function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '')
}

/** The conversation's priority, tags and group, which agents edit and automations set. */
export function DetailsForm(props: { conversation: OpenConversation; onChanged: (conversation: ConversationSummary) => void }) {
  const { conversation } = props
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null)

  const save = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const group = (form.get('group') as string).trim()
    try {
      const { conversation: saved } = await api<{ conversation: ConversationSummary }>(
        `/api/conversations/${encodeURIComponent(conversation.id)}`,
        {
          method: 'PATCH',
          body: {
            priority: form.get('priority') as string,
            tags: parseTags(form.get('tags') as string),
            group: group === '' ? null : group,
          },
        },
      )
      props.onChanged(saved)
      setStatus({ error: false, text: 'Saved.' })
    } catch (failure) {
      setStatus({ error: true, text: failure instanceof ApiError ? failure.message : 'The server cannot be reached.' })
    }
  }

  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      {/* Keyed by the saved values: a change from elsewhere (an automation, a teammate) resets the fields. */}
      <form
        class="details"
        key={`${conversation.priority}|${conversation.tags.join(',')}|${conversation.group}`}
        onSubmit={(event) => void save(event)}
      >
        <label for="detail-priority">Priority</label>
        <select id="detail-priority" name="priority">
          {priorities.map((priority) => (
            <option key={priority} value={priority} selected={priority === conversation.priority}>
              {priority}
            </option>
          ))}
        </select>
        <label for="detail-tags">Tags</label>
        <input id="detail-tags" name="tags" defaultValue={conversation.tags.join(', ')} placeholder="billing, vip" />
        <label for="detail-group">Group</label>
        <input id="detail-group" name="group" defaultValue={conversation.group ?? ''} maxLength={100} />
        <button type="submit" class="secondary">
          Save details
        </button>
        <p class={status?.error ? 'error' : 'notice'} role="status">
          {status?.text}
        </p>
      </form>
    </section>
  )
}
