import { Type, type Static } from 'typebox'
import { Timestamp } from './message.js'

/**
 * An agent's presence: `online` while an inbox of theirs is connected and used within the idle threshold,
 * `away` when every inbox of theirs has been idle longer, `offline` when none is connected (after the
 * offline grace).
 */
export const AgentPresenceState = Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('offline')])
export type AgentPresenceState = Static<typeof AgentPresenceState>

/** An agent's presence and since when it holds. */
export const AgentPresence = Type.Object({ state: AgentPresenceState, since: Timestamp }, { title: 'AgentPresence' })
export type AgentPresence = Static<typeof AgentPresence>

/**
 * On `/ws/agent`: the person is using this inbox (sent at most once a minute while they do, and at once
 * when it gets focus or becomes visible again). Keeps the agent `online`; without it they turn `away`
 * after the server's `agentIdleAfter`.
 */
export const ActivityFrame = Type.Object({ type: Type.Literal('activity') }, { additionalProperties: false, title: 'ActivityFrame' })
export type ActivityFrame = Static<typeof ActivityFrame>
