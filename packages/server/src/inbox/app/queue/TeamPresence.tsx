import { useAgents } from '../use-agents.js'

const stateWords = { online: 'Online', away: 'Away', offline: 'Offline' } as const

/**
 * Who of the team is there, for every agent (admins also see it in Settings → Team): each teammate with
 * their presence in words, the dot only repeating it. Disabled accounts are left out.
 */
export function TeamPresence() {
  const agents = [...useAgents().values()].filter((agent) => !agent.disabled)
  if (agents.length === 0) return null
  return (
    <ul class="team-presence" aria-label="Team">
      {agents.map((agent) => {
        const state = agent.presence?.state ?? 'offline'
        return (
          <li key={agent.id} class={`presence ${state}`}>
            <span class="dot" aria-hidden="true" />
            {agent.name} · {stateWords[state]}
          </li>
        )
      })}
    </ul>
  )
}
