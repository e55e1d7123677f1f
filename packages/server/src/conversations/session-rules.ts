import type { ConversationStatus, InactiveReason, PresenceState } from '@porchlight/protocol'

/** A session's state, as decided. */
export interface SessionDecision {
  state: 'active' | 'inactive'
  inactiveReason: InactiveReason | null
  /** When the decision may change by the passing of time alone (the inactivity window); null when never. */
  wakeAt: number | null
}

/**
 * Decides a conversation's session: inactive when it is finished, when the visitor is offline, or when
 * the visitor has not written for the inactivity window while not online; active otherwise. Pure: the
 * caller passes the time.
 *
 * @example
 * ```ts
 * decideSession({ status: 'active', presence: 'away', lastVisitorMessageAt: 0, now: 700_000, inactivityWindow: 600_000 })
 * // { state: 'inactive', inactiveReason: 'no_response', wakeAt: null }
 * ```
 */
export function decideSession(input: {
  status: ConversationStatus
  presence: PresenceState
  lastVisitorMessageAt: number
  now: number
  inactivityWindow: number
}): SessionDecision {
  if (input.status === 'finished') return { state: 'inactive', inactiveReason: 'finished', wakeAt: null }
  if (input.presence === 'offline') return { state: 'inactive', inactiveReason: 'user_offline', wakeAt: null }
  if (input.presence === 'online') return { state: 'active', inactiveReason: null, wakeAt: null }
  const silentUntil = input.lastVisitorMessageAt + input.inactivityWindow
  if (input.now >= silentUntil) return { state: 'inactive', inactiveReason: 'no_response', wakeAt: null }
  return { state: 'active', inactiveReason: null, wakeAt: silentUntil }
}
