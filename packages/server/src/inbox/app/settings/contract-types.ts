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

/** The answer to `POST /api/agents`, `PATCH /api/agents/:id` (team) and `PATCH /api/auth/me`. */
export interface AgentResponse {
  agent: Agent
}

/** A site with its widget settings (team: `hideLauncherWhenTeamOffline`; live: `twoWayChat`). */
export type Site = SiteBefore & { widget: { twoWayChat: boolean; hideLauncherWhenTeamOffline: boolean } }

/** The answer to `GET /api/sites`. */
export interface SiteList {
  sites: Site[]
}

/** The answer to `POST /api/sites`, `GET` and `PATCH /api/sites/:id`. */
export interface SiteResponse {
  site: Site
}

/** The answer to `POST /api/sites/:id/identity-secret`: the secret, shown this once. */
export interface IdentitySecretResponse {
  secret: string
  site: Site
}

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

/** The answer to `GET /api/canned-responses` (workflow). */
export interface CannedResponseList {
  cannedResponses: CannedResponse[]
}

/** The answer to `POST` and `PATCH` on canned responses (workflow). */
export interface CannedResponseResponse {
  cannedResponse: CannedResponse
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
