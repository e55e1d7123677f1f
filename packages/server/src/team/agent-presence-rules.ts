import type { AgentPresenceState } from '@porchlight/protocol'

/** What decides an agent's presence, as one node sees it. */
export interface AgentPresenceInput {
  /** The presence as it stands. */
  state: AgentPresenceState
  /** Open inbox sockets of the agent. */
  sockets: number
  /** The last `activity` (or connect) of any of them, in ms. */
  lastActivityAt: number
  /** When the last socket closed, while its grace runs; null when there is no grace (ended sessions). */
  leftAt: number | null
}

/** How long things take, in ms. */
export interface AgentPresenceTimings {
  /** Without activity for this long, a connected agent is away. */
  agentIdleAfter: number
  /** After the last socket closes, the agent stays as they were this long (a reload must not flap). */
  offlineGrace: number
}

/**
 * An agent's presence at `now`, and when it must be decided again (null: nothing pending). Online while
 * a socket is connected and used within the idle threshold, away after it, offline once no socket
 * remains after the grace, or at once when there is no grace.
 *
 * @example
 * ```ts
 * decideAgentPresence({ state: 'online', sockets: 1, lastActivityAt: 0, leftAt: null }, 60_000, { agentIdleAfter: 900_000, offlineGrace: 10_000 })
 * // { state: 'online', wakeAt: 900_000 }
 * ```
 */
export function decideAgentPresence(
  agent: AgentPresenceInput,
  now: number,
  timings: AgentPresenceTimings,
): { state: AgentPresenceState; wakeAt: number | null } {
  if (agent.sockets > 0) {
    const awayAt = agent.lastActivityAt + timings.agentIdleAfter
    return now >= awayAt ? { state: 'away', wakeAt: null } : { state: 'online', wakeAt: awayAt }
  }
  if (agent.leftAt === null || agent.state === 'offline') return { state: 'offline', wakeAt: null }
  const offlineAt = agent.leftAt + timings.offlineGrace
  return now >= offlineAt ? { state: 'offline', wakeAt: null } : { state: agent.state, wakeAt: offlineAt }
}
