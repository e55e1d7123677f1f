import type { PresenceReason, PresenceState, TabSignals } from '@porchlight/protocol'

/** The presence timings the engine applies, in milliseconds. */
export interface PresenceTimings {
  /** How long after the last tab is gone before the visitor turns offline. */
  offlineGrace: number
  /** How long every tab must be hidden before an online visitor turns away. */
  awayAfter: number
}

/** Why a tab's connection ended. */
export type DisconnectCause = Extract<PresenceReason, 'page_closed' | 'network_lost' | 'heartbeat_timeout' | 'signed_out'>

/** One tab (connection) of a visitor: what it reported, and whether it stopped answering pings. */
export interface Tab extends TabSignals {
  /** Answers protocol pings but not application pings (or said `freeze`): its JavaScript is not running. */
  frozen: boolean
}

/** A visitor's merged presence, as recorded. */
export interface PresenceRecord {
  state: PresenceState
  reason: PresenceReason
  widgetOpen: boolean
  /** When the visitor entered this state (ms). */
  since: number
}

/** Everything the engine knows about one visitor. Immutable: every event returns a new one. */
export interface VisitorPresence {
  readonly tabs: ReadonlyMap<string, Tab>
  readonly current: PresenceRecord
  /** While online with every tab hidden: since when (the away debounce runs from here). */
  readonly hiddenSince: number | null
  /** While the visitor has no tab: when and why the last one ended. */
  readonly gone: { readonly at: number; readonly cause: DisconnectCause } | null
  /** When a page of this visitor last said it was going away (a frame or a beacon). */
  readonly pagehideAt: number | null
}

/** What happens to a visitor. `at` is the time it happened (ms). */
export type PresenceEvent =
  | { type: 'connect'; tab: string; signals: TabSignals; at: number }
  | { type: 'signals'; tab: string; signals: TabSignals; at: number }
  | { type: 'frozen'; tab: string; at: number }
  | { type: 'disconnect'; tab: string; cause: DisconnectCause; at: number }
  | { type: 'pagehide'; at: number }
  | { type: 'tick'; at: number }

/** How close to a disconnect a `pagehide` (from a frame or a beacon) must be to explain it. */
export const pagehideWindow = 5_000

/** A visitor the engine has not seen connected: offline since `since`. */
export function offlinePresence(record: PresenceRecord): VisitorPresence {
  return { tabs: new Map(), current: record, hiddenSince: null, gone: null, pagehideAt: null }
}

/**
 * A visitor who was online or away when the server stopped: as if their last tab had just gone, so that
 * they turn offline after the grace period unless they reconnect.
 */
export function orphanedPresence(record: PresenceRecord, at: number): VisitorPresence {
  return { ...offlinePresence(record), gone: { at, cause: 'network_lost' } }
}

/** The state the tabs call for right now, before any debounce or grace. */
export function mergeTabs(tabs: ReadonlyMap<string, Tab>): Pick<PresenceRecord, 'state' | 'reason' | 'widgetOpen'> {
  let visible = false
  let idle = false
  let frozen = false
  let widgetOpen = false
  for (const tab of tabs.values()) {
    widgetOpen ||= tab.widgetOpen
    if (tab.frozen) frozen = true
    else if (tab.visible && !tab.idle) visible = true
    else if (tab.visible) idle = true
  }
  if (visible) return { state: 'online', reason: 'visible', widgetOpen }
  if (idle) return { state: 'away', reason: 'idle', widgetOpen }
  return { state: 'away', reason: frozen ? 'frozen' : 'tab_hidden', widgetOpen }
}

function withTab(tabs: ReadonlyMap<string, Tab>, id: string, tab: Tab | undefined): Map<string, Tab> {
  const next = new Map(tabs)
  if (tab) next.set(id, tab)
  else next.delete(id)
  return next
}

// Tabs are built as literals, not spreads: literals share one hidden class, which keeps ten thousand
// of them small.
const tabOf = ({ visible, focused, widgetOpen, idle }: TabSignals, frozen: boolean): Tab => ({
  visible,
  focused,
  widgetOpen,
  idle,
  frozen,
})

const sameTab = (tab: Tab, signals: TabSignals) =>
  !tab.frozen &&
  tab.visible === signals.visible &&
  tab.focused === signals.focused &&
  tab.widgetOpen === signals.widgetOpen &&
  tab.idle === signals.idle

function receive(presence: VisitorPresence, event: PresenceEvent): VisitorPresence {
  switch (event.type) {
    case 'connect':
      return { ...presence, tabs: withTab(presence.tabs, event.tab, tabOf(event.signals, false)), gone: null }
    case 'signals': {
      const tab = presence.tabs.get(event.tab)
      if (!tab || sameTab(tab, event.signals)) return presence
      return { ...presence, tabs: withTab(presence.tabs, event.tab, tabOf(event.signals, false)) }
    }
    case 'frozen': {
      const tab = presence.tabs.get(event.tab)
      if (!tab || tab.frozen) return presence
      return { ...presence, tabs: withTab(presence.tabs, event.tab, tabOf(tab, true)) }
    }
    case 'disconnect': {
      if (!presence.tabs.has(event.tab)) return presence
      const tabs = withTab(presence.tabs, event.tab, undefined)
      const explained = presence.pagehideAt !== null && event.at - presence.pagehideAt <= pagehideWindow
      const cause = event.cause === 'network_lost' && explained ? 'page_closed' : event.cause
      return { ...presence, tabs, gone: tabs.size === 0 ? { at: event.at, cause } : presence.gone }
    }
    case 'pagehide': {
      // A beacon may arrive after the socket already closed as if the network was lost.
      const { gone } = presence
      const explained = gone?.cause === 'network_lost' && event.at - gone.at <= pagehideWindow
      return { ...presence, pagehideAt: event.at, gone: explained ? { ...gone, cause: 'page_closed' } : gone }
    }
    case 'tick':
      return presence
  }
}

/** When a visitor with no tab turns offline: at once after a heartbeat timeout, else after the grace. */
function offlineDueAt(gone: NonNullable<VisitorPresence['gone']>, timings: PresenceTimings): number {
  return gone.cause === 'heartbeat_timeout' ? gone.at : gone.at + timings.offlineGrace
}

/**
 * Applies one event to a visitor and decides their presence: the functional core of presence, with no
 * I/O and no clock but the event's time. Returns the new state and the change to record, if any (a
 * change of state, reason or `widgetOpen`; never the same record twice).
 *
 * The rules: online while any tab is visible, not idle and not frozen; otherwise away (reason `idle`,
 * `frozen` or `tab_hidden`, in that order), where an online visitor whose tabs are all merely hidden
 * turns away only after `awayAfter`, so that a quick tab switch does not flap; offline once no tab is
 * left for `offlineGrace` (at once after a heartbeat timeout, whose silence already lasted), with the
 * reason the last tab ended for. A tab that connects within the grace cancels it.
 *
 * @example
 * ```ts
 * let visitor = offlinePresence({ state: 'offline', reason: 'page_closed', widgetOpen: false, since: 0 })
 * ;({ presence: visitor } = applyPresenceEvent(visitor, { type: 'connect', tab: 't1', signals, at: 1000 }, timings))
 * visitor.current.state // 'online' when signals.visible
 * ```
 */
export function applyPresenceEvent(
  before: VisitorPresence,
  event: PresenceEvent,
  timings: PresenceTimings,
): { presence: VisitorPresence; change: PresenceRecord | null } {
  let presence = receive(before, event)
  // Most events (a pong every interval from every tab) change nothing: nothing to decide either.
  if (presence === before && event.type !== 'tick') return { presence, change: null }
  const now = event.at
  let next: Pick<PresenceRecord, 'state' | 'reason' | 'widgetOpen'>
  if (presence.tabs.size === 0) {
    const due = presence.gone && presence.current.state !== 'offline' && now >= offlineDueAt(presence.gone, timings)
    next = due ? { state: 'offline', reason: presence.gone!.cause, widgetOpen: false } : presence.current
    presence = { ...presence, hiddenSince: null }
  } else {
    next = mergeTabs(presence.tabs)
    const merelyHidden = presence.current.state === 'online' && next.reason === 'tab_hidden'
    const hiddenSince = merelyHidden ? (presence.hiddenSince ?? now) : null
    presence = { ...presence, hiddenSince }
    if (hiddenSince !== null && now < hiddenSince + timings.awayAfter) {
      next = { ...presence.current, widgetOpen: next.widgetOpen }
    }
  }
  const { current } = presence
  if (next.state === current.state && next.reason === current.reason && next.widgetOpen === current.widgetOpen) {
    return { presence, change: null }
  }
  const change: PresenceRecord = {
    state: next.state,
    reason: next.reason,
    widgetOpen: next.widgetOpen,
    since: next.state === current.state && next.reason === current.reason ? current.since : now,
  }
  return { presence: { ...presence, current: change }, change }
}

/** When the engine must be told the time (a `tick`) for a pending debounce or grace; null when none. */
export function presenceWakeAt(presence: VisitorPresence, timings: PresenceTimings): number | null {
  if (presence.tabs.size === 0) {
    return presence.gone && presence.current.state !== 'offline' ? offlineDueAt(presence.gone, timings) : null
  }
  return presence.hiddenSince === null ? null : presence.hiddenSince + timings.awayAfter
}

/**
 * Whether the visitor is in the chat: some tab shows the open panel and is visible (and its page runs).
 * Per tab, not merged: a visible tab with the panel closed and a hidden one with it open is not in the chat.
 * Closing the panel, switching tabs, closing the page and losing the network all end it at once.
 */
export function inChat(tabs: ReadonlyMap<string, Tab>): boolean {
  for (const tab of tabs.values()) if (tab.widgetOpen && tab.visible && !tab.frozen) return true
  return false
}
