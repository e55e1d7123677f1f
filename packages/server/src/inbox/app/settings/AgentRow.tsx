import { api } from '../api.js'
import { AgentPresenceText } from './AgentPresenceText.js'
import { itemPath } from './item-path.js'
import { ConfirmButton } from './ConfirmButton.js'
import type { Agent, AgentResponse } from '@porchlight/protocol'
import { FormStatus } from './FormStatus.js'
import { useSubmission } from './use-submission.js'

/** Props of {@link AgentRow}. */
export interface AgentRowProps {
  agent: Agent
  /** The signed-in admin's own row: no disabling or signing out oneself from here. */
  self: boolean
  onChanged: (agent: Agent) => void
  /** Opens the edit form; the Edit button gets the focus back when it closes. */
  onEdit: (opener: HTMLElement) => void
}

/** One agent in the team table: who, role, presence, account state, and what an admin may do to them. */
export function AgentRow({ agent, self, onChanged, onEdit }: AgentRowProps) {
  const acting = useSubmission()
  const setDisabled = (disabled: boolean) =>
    acting.run(async () => {
      const changed = await api<AgentResponse>(itemPath('/api/agents', agent.id), { method: 'PATCH', body: { disabled } })
      onChanged(changed.agent)
      return disabled ? `${agent.name} is disabled and signed out.` : `${agent.name} can sign in again.`
    })
  const forceLogout = () =>
    acting.run(async () => {
      await api(itemPath('/api/agents', agent.id, '/logout'), { method: 'POST' })
      return `${agent.name} was signed out of every session.`
    })
  return (
    <tr>
      <th scope="row">
        {agent.name}
        {self && ' (you)'}
      </th>
      <td>{agent.email}</td>
      <td>{agent.role === 'admin' ? 'Admin' : 'Agent'}</td>
      <td>
        <AgentPresenceText presence={agent.presence} />
      </td>
      <td>{agent.disabled ? 'Disabled' : 'Enabled'}</td>
      <td>
        <div class="row-actions">
          <button type="button" class="secondary" aria-label={`Edit ${agent.name}`} onClick={(event) => onEdit(event.currentTarget)}>
            Edit
          </button>
          {!self && agent.disabled && (
            <button
              type="button"
              class="secondary"
              aria-label={`Enable ${agent.name}`}
              disabled={acting.busy}
              onClick={() => setDisabled(false)}
            >
              Enable
            </button>
          )}
          {!self && !agent.disabled && (
            <ConfirmButton
              label={`Disable ${agent.name}`}
              title={`Disable ${agent.name}?`}
              question="They are signed out at once and cannot sign in until an admin enables them again."
              confirm="Disable"
              disabled={acting.busy}
              onConfirm={() => setDisabled(true)}
            >
              Disable
            </ConfirmButton>
          )}
          {!self && !agent.disabled && (
            <ConfirmButton
              label={`Force sign-out of ${agent.name}`}
              title={`Sign ${agent.name} out?`}
              question="Every session of theirs ends: their inbox goes back to the sign-in page at once."
              confirm="Sign them out"
              disabled={acting.busy}
              onConfirm={forceLogout}
            >
              Force sign-out
            </ConfirmButton>
          )}
          <FormStatus of={acting} />
        </div>
      </td>
    </tr>
  )
}
