import { useLayoutEffect, useRef } from 'preact/hooks'
import { api } from '../api.js'
import type { Agent, AgentResponse } from '@porchlight/protocol'
import { formText } from './form-text.js'
import { itemPath } from './item-path.js'
import { RoleSelect } from './RoleSelect.js'
import { SettingsForm } from './SettingsForm.js'
import { TextField } from './TextField.js'

/** Edits an agent (`PATCH /api/agents/:id`), sending only what changed; a new password signs them out. */
export function AgentEditForm(props: { agent: Agent; onSaved: (agent: Agent) => void; onClose: () => void }) {
  const { agent } = props
  const first = useRef<HTMLInputElement>(null)
  // Opened by a row's Edit button: the keyboard goes where the work is, before anything can be typed
  // elsewhere (a layout effect runs before the browser paints and takes input).
  useLayoutEffect(() => first.current?.focus(), [])
  return (
    <SettingsForm
      title={`Edit ${agent.name}`}
      submit="Save"
      buttons={
        <button type="button" class="secondary" onClick={props.onClose}>
          Close
        </button>
      }
      action={async (fields, form) => {
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
        const saved = await api<AgentResponse>(itemPath('/api/agents', agent.id), { method: 'PATCH', body })
        props.onSaved(saved.agent)
        ;(form.elements.namedItem('password') as HTMLInputElement).value = ''
        return 'Saved.'
      }}
    >
      <TextField inputRef={first} label="Name" name="name" defaultValue={agent.name} required maxLength={100} />
      <TextField label="Email" name="email" type="email" defaultValue={agent.email} required />
      <RoleSelect value={agent.role} />
      <TextField
        label="New password"
        name="password"
        type="password"
        minLength={8}
        autocomplete="new-password"
        help="Leave empty to keep theirs. A new one signs them out everywhere."
      />
    </SettingsForm>
  )
}
