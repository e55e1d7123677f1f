import { useEffect, useId, useRef } from 'preact/hooks'
import { api } from '../api.js'
import { itemPath } from './item-path.js'
import type { Agent } from './contract-types.js'
import { FormStatus } from './FormStatus.js'
import { RoleSelect } from './RoleSelect.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/** Edits an agent (`PATCH /api/agents/:id`), sending only what changed; a new password signs them out. */
export function AgentEditForm(props: { agent: Agent; onSaved: (agent: Agent) => void; onClose: () => void }) {
  const { agent } = props
  const saving = useSubmission()
  const id = useId()
  const first = useRef<HTMLInputElement>(null)
  // Opened by a row's Edit button: the keyboard goes where the work is.
  useEffect(() => first.current?.focus(), [])
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={saving.submit(async (fields, form) => {
        const name = formText(fields, 'name').trim()
        const email = formText(fields, 'email').trim()
        const role = formText(fields, 'role')
        const password = formText(fields, 'password')
        const body = {
          ...(name !== agent.name && { name }),
          ...(email !== agent.email && { email }),
          ...(role !== agent.role && { role }),
          ...(password !== '' && { password }),
        }
        if (Object.keys(body).length === 0) return 'Nothing changed.'
        const saved = await api<{ agent: Agent }>(itemPath('/api/agents', agent.id), { method: 'PATCH', body })
        props.onSaved(saved.agent)
        ;(form.elements.namedItem('password') as HTMLInputElement).value = ''
        return 'Saved.'
      })}
    >
      <h3 id={id}>Edit {agent.name}</h3>
      <div class="field">
        <label for={`${id}-name`}>Name</label>
        <input ref={first} id={`${id}-name`} name="name" defaultValue={agent.name} required maxLength={100} autocomplete="off" />
      </div>
      <div class="field">
        <label for={`${id}-email`}>Email</label>
        <input id={`${id}-email`} name="email" type="email" defaultValue={agent.email} required autocomplete="off" />
      </div>
      <RoleSelect value={agent.role} />
      <div class="field">
        <label for={`${id}-password`}>New password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          minLength={8}
          autocomplete="new-password"
          aria-describedby={`${id}-password-help`}
        />
        <span id={`${id}-password-help`} class="help">
          Leave empty to keep theirs. A new one signs them out everywhere.
        </span>
      </div>
      <div class="buttons">
        <button type="submit" disabled={saving.busy}>
          Save
        </button>
        <button type="button" class="secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
      <FormStatus of={saving} />
    </form>
  )
}
