import type { Agent, AgentClientFrame, AgentServerFrame } from '@porchlight/protocol'
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { SocketStatus } from './agent-socket.js'

/** What every page of the signed-in inbox may use: the agent, the live socket, and its state. */
export interface Inbox {
  /** The signed-in agent (`role` decides whether the admin pages show). */
  agent: Agent
  /** Sends a frame on `/ws/agent`; `false` while it is not connected. */
  send: (frame: AgentClientFrame) => boolean
  /** Listens to every frame from `/ws/agent`; returns the function that stops listening. */
  subscribe: (listener: (frame: AgentServerFrame) => void) => () => void
  status: SocketStatus
  /**
   * Counts the socket's openings: a page that shows live data reloads it when this changes (an effect
   * dependency), since frames sent while the socket was down are gone.
   */
  generation: number
  /** The agent's own name changed (the profile page): the shell shows the new one. */
  updateAgent: (agent: Agent) => void
  signOut: () => void
}

export const InboxContext = createContext<Inbox | null>(null)

/** The signed-in inbox, for a page inside the shell. */
export function useInbox(): Inbox {
  const inbox = useContext(InboxContext)
  if (!inbox) throw new Error('useInbox() outside the signed-in shell')
  return inbox
}
