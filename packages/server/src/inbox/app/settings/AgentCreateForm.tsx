import { useId } from 'preact/hooks'
import { api } from '../api.js'
import type { Agent } from './contract-types.js'
import { FormStatus } from './FormStatus.js'
import { RoleSelect } from './RoleSelect.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/** Adds an agent (`POST /api/agents`): email, name, role and the password they sign in with first. */
export function AgentCreateForm(props: { onCreated: (agent: Agent) => void }) {
  const creating = useSubmission()
  const id = useId()
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={creating.submit(async (fields, form) => {
        const { agent } = await api<{ agent: Agent }>('/api/agents', {
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
      })}
    >
      <h3 id={id}>Add an agent</h3>
      <div class="field">
        <label for={`${id}-email`}>Email</label>
        <input id={`${id}-email`} name="email" type="email" required autocomplete="off" />
      </div>
      <div class="field">
        <label for={`${id}-name`}>Name</label>
        <input id={`${id}-name`} name="name" required maxLength={100} autocomplete="off" />
      </div>
      <RoleSelect value="agent" />
      <div class="field">
        <label for={`${id}-password`}>Initial password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          required
          minLength={8}
          autocomplete="new-password"
          aria-describedby={`${id}-password-help`}
        />
        <span id={`${id}-password-help`} class="help">
          At least 8 characters. Tell it to them; they can change it on their profile.
        </span>
      </div>
      <button type="submit" disabled={creating.busy}>
        Add agent
      </button>
      <FormStatus of={creating} />
    </form>
  )
}
