import { useLayoutEffect, useRef } from 'preact/hooks'
import { api } from '../api.js'
import type { CannedResponse, CannedResponseResponse } from '@porchlight/protocol'
import { formText } from './form-text.js'
import { itemPath } from './item-path.js'
import { SettingsForm } from './SettingsForm.js'
import { TextField } from './TextField.js'

/** Props of {@link CannedResponseForm}. */
export interface CannedResponseFormProps {
  /** The response being edited; null: a new one. */
  editing: CannedResponse | null
  onSaved: (response: CannedResponse) => void
  onClose: () => void
}

/** Adds a canned response (`POST /api/canned-responses`) or edits one (`PATCH`, only what changed). */
export function CannedResponseForm({ editing, onSaved, onClose }: CannedResponseFormProps) {
  const first = useRef<HTMLInputElement>(null)
  const editedId = editing?.id
  // Opened by a row's Edit button: the keyboard goes where the work is, before anything can be typed
  // elsewhere (a layout effect runs before the browser paints and takes input).
  useLayoutEffect(() => {
    if (editedId !== undefined) first.current?.focus()
  }, [editedId])
  return (
    <SettingsForm
      title={editing ? `Edit /${editing.shortcut}` : 'Add a canned response'}
      submit={editing ? 'Save' : 'Add canned response'}
      buttons={
        editing && (
          <button type="button" class="secondary" onClick={onClose}>
            Close
          </button>
        )
      }
      action={async (fields, form) => {
        const shortcut = formText(fields, 'shortcut').trim().replace(/^\//, '')
        const title = formText(fields, 'title').trim()
        const text = formText(fields, 'text')
        if (editing === null) {
          const created = await api<CannedResponseResponse>('/api/canned-responses', {
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
        const saved = await api<CannedResponseResponse>(itemPath('/api/canned-responses', editing.id), {
          method: 'PATCH',
          body,
        })
        onSaved(saved.cannedResponse)
        return 'Saved.'
      }}
    >
      <TextField
        inputRef={first}
        label="Shortcut"
        name="shortcut"
        defaultValue={editing?.shortcut ?? ''}
        required
        maxLength={33}
        spellcheck={false}
        help="Lower-case letters, digits, - and _, up to 32; agents type it after /."
      />
      <TextField label="Title" name="title" defaultValue={editing?.title ?? ''} required maxLength={100} />
      <TextField label="Text" name="text" rows={4} defaultValue={editing?.text ?? ''} required />
    </SettingsForm>
  )
}
