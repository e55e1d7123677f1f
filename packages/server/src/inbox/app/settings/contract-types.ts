import type { Agent as AgentBefore, Site as SiteBefore } from '@porchlight/protocol'
import type { AgentPresence } from '../contract-frames.js'

// The REST shapes of issue 8 that other branches add to the protocol (team: agents, monitoring, hiding
// the launcher; workflow: canned responses, analytics; live: two-way chat), typed here under the names
// they have there, as the contract between the branches describes them. Once those branches are merged,
// this file goes and these become imports from `@porchlight/protocol`.

/** An agent with their account state and presence (team). */
export type Agent = AgentBefore & { disabled: boolean; presence: AgentPresence }

/** The answer to `GET /api/agents` (team). */
export interface AgentList {
  agents: Agent[]
}

/** A site with its widget settings (team: `hideLauncherWhenTeamOffline`; live: `twoWayChat`). */
export type Site = SiteBefore & { widget: { twoWayChat: boolean; hideLauncherWhenTeamOffline: boolean } }

/** Team monitoring, thresholds in milliseconds (team). */
export interface MonitoringSettings {
  addresses: string[]
  offlineAfter: number
  onlineAfter: number
}

/** A reply the team shares (workflow). */
export interface CannedResponse {
  id: string
  shortcut: string
  title: string
  text: string
  createdAt: string
  updatedAt: string
}

/** The team's numbers over `(from, to]` (workflow). */
export interface Analytics {
  from: string
  to: string
  hours: number
  finished: number
  active: number
  answered: number
  averageResponseMs: number | null
  averageHandlingMs: number | null
}
