import { Type, type Static } from 'typebox'
import { AgentPresence } from './agent-presence.js'
import { limits } from './limits.js'
import { Agent, AgentRole } from './rest.js'

/** A person's name as agents see it: one line, no control characters. */
const AgentName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]*$' })

/** An email to sign in with (`admin@localhost` will do: it is a name, not a mailbox); stored lower-cased. */
const AgentEmail = Type.String({ minLength: 3, maxLength: limits.profileField, pattern: '^[^\\s@]+@[^\\s@]+$' })

/** A new password: long enough to resist guessing, short enough that hashing it costs nothing extra. */
const NewPassword = Type.String({ minLength: 8, maxLength: 1024 })

/** The answer to `GET /api/agents`: the whole team with its presence, by name. */
export const AgentList = Type.Object({ agents: Type.Array(Agent) }, { $id: 'AgentList', title: 'AgentList' })
export type AgentList = Static<typeof AgentList>

/** The body of `POST /api/agents` (admins): a new agent, enabled. */
export const CreateAgentBody = Type.Object(
  { email: AgentEmail, name: AgentName, role: AgentRole, password: NewPassword },
  { additionalProperties: false, $id: 'CreateAgentBody', title: 'CreateAgentBody' },
)
export type CreateAgentBody = Static<typeof CreateAgentBody>

/**
 * The body of `PATCH /api/agents/:id` (admins): only what changes. Disabling an agent, or setting their
 * password, ends every session of theirs at once; no change may leave the team without an enabled admin.
 */
export const UpdateAgentBody = Type.Object(
  {
    email: Type.Optional(AgentEmail),
    name: Type.Optional(AgentName),
    role: Type.Optional(AgentRole),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(NewPassword),
  },
  { additionalProperties: false, $id: 'UpdateAgentBody', title: 'UpdateAgentBody' },
)
export type UpdateAgentBody = Static<typeof UpdateAgentBody>

/** The path parameters of every `/api/agents/:id` route. */
export const AgentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
export type AgentParams = Static<typeof AgentParams>

/** The body of `PATCH /api/auth/me`: the signed-in agent's own name. */
export const UpdateProfileBody = Type.Object(
  { name: AgentName },
  { additionalProperties: false, $id: 'UpdateProfileBody', title: 'UpdateProfileBody' },
)
export type UpdateProfileBody = Static<typeof UpdateProfileBody>

/** The body of `POST /api/auth/password`: the signed-in agent's new password; their other sessions end. */
export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: NewPassword },
  { additionalProperties: false, $id: 'ChangePasswordBody', title: 'ChangePasswordBody' },
)
export type ChangePasswordBody = Static<typeof ChangePasswordBody>

/** To every agent: an agent's presence changed. */
export const AgentPresenceFrame = Type.Object(
  { type: Type.Literal('agent.presence'), agentId: Type.String(), presence: AgentPresence },
  { title: 'AgentPresenceFrame' },
)
export type AgentPresenceFrame = Static<typeof AgentPresenceFrame>

/** To every agent: an agent was created or changed (name, email, role, disabled), as `GET /api/agents` shows them. */
export const AgentUpdatedFrame = Type.Object({ type: Type.Literal('agent.updated'), agent: Agent }, { title: 'AgentUpdatedFrame' })
export type AgentUpdatedFrame = Static<typeof AgentUpdatedFrame>

/** To every visitor: whether at least one agent is online changed. */
export const TeamFrame = Type.Object({ type: Type.Literal('team'), online: Type.Boolean() }, { title: 'TeamFrame' })
export type TeamFrame = Static<typeof TeamFrame>
