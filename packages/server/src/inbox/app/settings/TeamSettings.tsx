import { useEffect } from 'preact/hooks'
import { api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import { AgentCreateForm } from './AgentCreateForm.js'
import { AgentEditForm } from './AgentEditForm.js'
import { AgentRow } from './AgentRow.js'
import type { Agent, AgentList } from '@porchlight/protocol'
import { LoadStatus } from './LoadStatus.js'
import { useEditing } from './use-editing.js'
import { useResource } from './use-resource.js'

/** `#/settings/team`: the agents with their live presence; add, edit, disable or sign one out. */
export function TeamSettings() {
  const inbox = useInbox()
  const team = useResource(() => api<AgentList>('/api/agents'), [inbox.generation])
  const editing = useEditing()
  const me = inbox.agent
  const { update } = team

  useEffect(
    () =>
      inbox.subscribe((frame) => {
        if (frame.type === 'agent.presence') {
          update(({ agents }) => ({
            agents: agents.map((agent) => (agent.id === frame.agentId ? { ...agent, presence: frame.presence } : agent)),
          }))
        } else if (frame.type === 'agent.updated') {
          // Another admin's change, or the agent's own rename. (New agents come with the list's next load:
          // the frame of one this admin adds may arrive before the answer that adds it here.)
          update(({ agents }) => ({ agents: agents.map((agent) => (agent.id === frame.agent.id ? frame.agent : agent)) }))
        }
      }),
    [inbox, update],
  )

  const replace = (changed: Agent) => {
    update(({ agents }) => ({ agents: agents.map((agent) => (agent.id === changed.id ? changed : agent)) }))
    if (changed.id === me.id) inbox.updateAgent(changed)
  }
  const edited = team.data?.agents.find((agent) => agent.id === editing.id)

  return (
    <>
      <h2>Team</h2>
      <LoadStatus of={team} what="the team" />
      {team.data && (
        <table class="list">
          <caption>Agents</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Presence</th>
              <th scope="col">Account</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {team.data.agents.map((agent) => (
              <AgentRow
                key={agent.id}
                agent={agent}
                self={agent.id === me.id}
                onChanged={replace}
                onEdit={(opener) => editing.open(agent.id, opener)}
              />
            ))}
          </tbody>
        </table>
      )}
      {edited && <AgentEditForm key={edited.id} agent={edited} onSaved={replace} onClose={editing.close} />}
      <AgentCreateForm onCreated={(agent) => update(({ agents }) => ({ agents: [...agents, agent] }))} />
    </>
  )
}
