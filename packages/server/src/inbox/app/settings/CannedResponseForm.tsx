import { useEffect, useId, useRef } from 'preact/hooks'
import { api } from '../api.js'
import type { CannedResponse } from './contract-types.js'
import { FormStatus } from './FormStatus.js'
import { itemPath } from './item-path.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/** Props of {@link CannedResponseForm}. */
export interface CannedResponseFormProps {
  /** The response being edited; null: a new one. */
  editing: CannedResponse | null
  onSaved: (response: CannedResponse) => void
  onClose: () => void
}

/** Adds a canned response (`POST /api/canned-responses`) or edits one (`PATCH`, only what changed). */
export function CannedResponseForm({ editing, onSaved, onClose }: CannedResponseFormProps) {
  const saving = useSubmission()
  const id = useId()
  const first = useRef<HTMLInputElement>(null)
  // Opened by a row's Edit button: the keyboard goes where the work is.
  const editedId = editing?.id
  useEffect(() => {
    if (editedId !== undefined) first.current?.focus()
  }, [editedId])
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={saving.submit(async (fields, form) => {
        const shortcut = formText(fields, 'shortcut').trim().replace(/^\//, '')
        const title = formText(fields, 'title').trim()
        const text = formText(fields, 'text')
        if (editing === null) {
          const created = await api<{ cannedResponse: CannedResponse }>('/api/canned-responses', {
            method: 'POST',
            body: { shortcut, title, text },
          })
          onSaved(created.cannedResponse)
          form.reset()
          return `Added /${created.cannedResponse.shortcut}.`
        }
        const body = {
          ...(shortcut !== editing.shortcut && { shortcut }),
          ...(title !== editing.title && { title }),
          ...(text !== editing.text && { text }),
        }
        if (Object.keys(body).length === 0) return 'Nothing changed.'
        const saved = await api<{ cannedResponse: CannedResponse }>(itemPath('/api/canned-responses', editing.id), {
          method: 'PATCH',
          body,
        })
        onSaved(saved.cannedResponse)
        return 'Saved.'
      })}
    >
      <h3 id={id}>{editing ? `Edit /${editing.shortcut}` : 'Add a canned response'}</h3>
      <div class="field">
        <label for={`${id}-shortcut`}>Shortcut</label>
        <input
          ref={first}
          id={`${id}-shortcut`}
          name="shortcut"
          defaultValue={editing?.shortcut ?? ''}
          required
          maxLength={33}
          autocomplete="off"
          spellcheck={false}
          aria-describedby={`${id}-shortcut-help`}
        />
        <span id={`${id}-shortcut-help`} class="help">
          Lower-case letters, digits, - and _, up to 32; agents type it after /.
        </span>
      </div>
      <div class="field">
        <label for={`${id}-title`}>Title</label>
        <input id={`${id}-title`} name="title" defaultValue={editing?.title ?? ''} required maxLength={100} autocomplete="off" />
      </div>
      <div class="field">
        <label for={`${id}-text`}>Text</label>
        <textarea id={`${id}-text`} name="text" defaultValue={editing?.text ?? ''} required rows={4} />
      </div>
      <div class="buttons">
        <button type="submit" disabled={saving.busy}>
          {editing ? 'Save' : 'Add canned response'}
        </button>
        {editing && (
          <button type="button" class="secondary" onClick={onClose}>
            Close
          </button>
        )}
      </div>
      <FormStatus of={saving} />
    </form>
  )
}
