import type { AgentResponse } from '@porchlight/protocol'
import { useId } from 'preact/hooks'
import { api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import { FormStatus } from './FormStatus.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/** The signed-in agent's name, as the team and visitors see it (`PATCH /api/auth/me`). */
export function ProfileNameForm() {
  const inbox = useInbox()
  const saving = useSubmission()
  const id = useId()
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={saving.submit(async (fields) => {
        const { agent } = await api<AgentResponse>('/api/auth/me', { method: 'PATCH', body: { name: formText(fields, 'name').trim() } })
        inbox.updateAgent(agent)
        return 'Saved.'
      })}
    >
      <h2 id={id}>Your name</h2>
      <p class="help">Visitors see it on your replies.</p>
      <div class="field">
        <label for={`${id}-name`}>Name</label>
        <input id={`${id}-name`} name="name" defaultValue={inbox.agent.name} required maxLength={100} autocomplete="name" />
      </div>
      <p class="help">Signed in as {inbox.agent.email}.</p>
      <button type="submit" disabled={saving.busy}>
        Save name
      </button>
      <FormStatus of={saving} />
    </form>
  )
}
