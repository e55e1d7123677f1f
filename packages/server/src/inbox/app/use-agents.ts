import type { AgentPresence } from '@porchlight/protocol'
import { useEffect, useState } from 'preact/hooks'
import { api } from './api.js'
import { useInbox } from './inbox-context.js'

/** A teammate, as the inbox shows them. */
export interface Teammate {
  id: string
  name: string
  presence?: AgentPresence
  disabled?: boolean
}

/** The team (`GET /api/agents`) by id, their names and presence kept live; empty where the server lists no agents. */
export function useAgents(): ReadonlyMap<string, Teammate> {
  const { subscribe, generation } = useInbox()
  const [agents, setAgents] = useState<ReadonlyMap<string, Teammate>>(new Map())
  useEffect(() => {
    let current = true
    api<{ agents: Teammate[] }>('/api/agents').then(
      ({ agents }) => current && setAgents(new Map(agents.map((agent) => [agent.id, agent]))),
      () => undefined,
    )
    const unsubscribe = subscribe((frame) => {
      if (frame.type === 'agent.presence') {
        setAgents((known) => {
          const agent = known.get(frame.agentId)
          return agent ? new Map(known).set(agent.id, { ...agent, presence: frame.presence }) : known
        })
      } else if (frame.type === 'agent.updated') {
        // A rename, or a new agent, shows at once in "Answered by" and the viewers.
        setAgents((known) => new Map(known).set(frame.agent.id, { ...known.get(frame.agent.id), ...frame.agent }))
      }
    })
    return () => {
      current = false
      unsubscribe()
    }
  }, [subscribe, generation])
  return agents
}
