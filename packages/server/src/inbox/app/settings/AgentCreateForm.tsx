import { api } from '../api.js'
import type { Agent, AgentResponse } from '@porchlight/protocol'
import { formText } from './form-text.js'
import { RoleSelect } from './RoleSelect.js'
import { SettingsForm } from './SettingsForm.js'
import { TextField } from './TextField.js'

/** Adds an agent (`POST /api/agents`): email, name, role and the password they sign in with first. */
export function AgentCreateForm(props: { onCreated: (agent: Agent) => void }) {
  return (
    <SettingsForm
      title="Add an agent"
      submit="Add agent"
      action={async (fields, form) => {
        const { agent } = await api<AgentResponse>('/api/agents', {
          method: 'POST',
          body: {
            email: formText(fields, 'email').trim(),
            name: formText(fields, 'name').trim(),
            role: formText(fields, 'role'),
            password: formText(fields, 'password'),
          },
        })
        props.onCreated(agent)
        form.reset()
        return `${agent.name} can now sign in as ${agent.email}.`
      }}
    >
      <TextField label="Email" name="email" type="email" required />
      <TextField label="Name" name="name" required maxLength={100} />
      <RoleSelect value="agent" />
      <TextField
        label="Initial password"
        name="password"
        type="password"
        required
        minLength={8}
        autocomplete="new-password"
        help="At least 8 characters. Tell it to them; they can change it on their profile."
      />
    </SettingsForm>
  )
}
