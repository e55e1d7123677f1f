import type { AgentResponse } from '@porchlight/protocol'
import { api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import { formText } from './form-text.js'
import { SettingsForm } from './SettingsForm.js'
import { TextField } from './TextField.js'

/** The signed-in agent's name, as the team and visitors see it (`PATCH /api/auth/me`). */
export function ProfileNameForm() {
  const inbox = useInbox()
  return (
    <SettingsForm
      title="Your name"
      level={2}
      submit="Save name"
      action={async (fields) => {
        const { agent } = await api<AgentResponse>('/api/auth/me', { method: 'PATCH', body: { name: formText(fields, 'name').trim() } })
        inbox.updateAgent(agent)
        return 'Saved.'
      }}
    >
      <TextField
        label="Name"
        name="name"
        defaultValue={inbox.agent.name}
        required
        maxLength={100}
        autocomplete="name"
        help={`Visitors see it on your replies. You sign in as ${inbox.agent.email}.`}
      />
    </SettingsForm>
  )
}
