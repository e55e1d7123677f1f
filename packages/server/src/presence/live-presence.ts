import type { Presence, PresenceState } from '@porchlight/protocol'

/**
 * Presence as this server holds it right now. The stored presence trails it by a moment (changes are
 * recorded in batches), so whatever shows or decides on presence asks here first and falls back to the
 * store for visitors this server does not track.
 */
export interface LivePresence {
  /** The visitor's presence, if they are connected here or their grace is running. */
  current(visitorId: string): Presence | undefined
  /** The visitor's presence state alone (cheaper than {@link current}, for hot paths). */
  currentState(visitorId: string): PresenceState | undefined
}
