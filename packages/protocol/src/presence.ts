import { Type, type Static } from 'typebox'
import { Timestamp } from './message.js'

/** Whether the person is there: `online` (a tab is visible), `away` (connected, not looking), `offline`. */
export const PresenceState = Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('offline')], {
  $id: 'PresenceState',
  title: 'PresenceState',
})
export type PresenceState = Static<typeof PresenceState>

/**
 * Why the presence is what it is. `online`: `visible`. `away`: `tab_hidden`, `frozen`, `idle`.
 * `offline`: `page_closed`, `network_lost`, `heartbeat_timeout`, `signed_out`.
 */
export const PresenceReason = Type.Union(
  [
    Type.Literal('visible'),
    Type.Literal('tab_hidden'),
    Type.Literal('frozen'),
    Type.Literal('idle'),
    Type.Literal('page_closed'),
    Type.Literal('network_lost'),
    Type.Literal('heartbeat_timeout'),
    Type.Literal('signed_out'),
  ],
  { $id: 'PresenceReason', title: 'PresenceReason' },
)
export type PresenceReason = Static<typeof PresenceReason>

/** A visitor's presence, merged over all of their tabs, as the server decides it. */
export const Presence = Type.Object(
  {
    state: PresenceState,
    reason: PresenceReason,
    /** When the visitor entered this state. */
    since: Timestamp,
    /** Whether the chat panel is open in any of the visitor's tabs. */
    widgetOpen: Type.Boolean(),
  },
  { $id: 'Presence', title: 'Presence' },
)
export type Presence = Static<typeof Presence>

/** One entry of a visitor's presence timeline: a change of state, reason or `widgetOpen`. */
export const PresenceChange = Type.Object(
  {
    state: PresenceState,
    reason: PresenceReason,
    widgetOpen: Type.Boolean(),
    at: Timestamp,
    /** The visitor's conversation at the time, if they had one. */
    conversationId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'PresenceChange', title: 'PresenceChange' },
)
export type PresenceChange = Static<typeof PresenceChange>

/** Why a session is inactive: the visitor went offline, stopped answering, or the conversation finished. */
export const InactiveReason = Type.Union([Type.Literal('user_offline'), Type.Literal('no_response'), Type.Literal('finished')], {
  $id: 'InactiveReason',
  title: 'InactiveReason',
})
export type InactiveReason = Static<typeof InactiveReason>

/** A conversation's session, as the agents' live queue sees it: only active sessions stay in it. */
export const Session = Type.Object(
  {
    state: Type.Union([Type.Literal('active'), Type.Literal('inactive')]),
    /** Set when `state` is `inactive`. */
    inactiveReason: Type.Union([InactiveReason, Type.Null()]),
    since: Timestamp,
  },
  { $id: 'Session', title: 'Session' },
)
export type Session = Static<typeof Session>

/** What one tab reports about itself. The server merges the reports of every tab into a {@link Presence}. */
export const TabSignals = Type.Object(
  {
    /** `document.visibilityState === 'visible'`. */
    visible: Type.Boolean(),
    /** The window has focus. */
    focused: Type.Boolean(),
    /** The chat panel is open. */
    widgetOpen: Type.Boolean(),
    /** No input (pointer, key, scroll, touch) for the idle threshold while visible. */
    idle: Type.Boolean(),
  },
  { title: 'TabSignals' },
)
export type TabSignals = Static<typeof TabSignals>
