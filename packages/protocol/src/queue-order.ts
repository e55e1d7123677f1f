import type { ConversationSummary } from './conversation.js'
import type { PresenceState } from './presence.js'

const presenceRank: Record<PresenceState, number> = { online: 0, away: 1, offline: 2 }

/**
 * The agents' queue order, as `GET /api/conversations` answers it and as the inbox keeps it while frames
 * arrive: visitors online first, then away, then the rest; the longest waiting first (since their last
 * message, or since the conversation began); then by id.
 *
 * @example
 * ```ts
 * conversations.sort(queueOrder)
 * ```
 */
export function queueOrder(
  a: Pick<ConversationSummary, 'id' | 'presence' | 'lastVisitorMessageAt' | 'createdAt'>,
  b: Pick<ConversationSummary, 'id' | 'presence' | 'lastVisitorMessageAt' | 'createdAt'>,
): number {
  const rank = presenceRank[a.presence.state] - presenceRank[b.presence.state]
  if (rank !== 0) return rank
  const waitingA = a.lastVisitorMessageAt ?? a.createdAt
  const waitingB = b.lastVisitorMessageAt ?? b.createdAt
  if (waitingA !== waitingB) return waitingA < waitingB ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
