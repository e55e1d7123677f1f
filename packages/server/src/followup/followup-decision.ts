/** Why there is no follow-up on a site that has them off. */
export const offReason = 'follow-up emails are off for this site'
/** What a waiting follow-up waits for once its visitor left the chat: the grace, for them to come back. */
export const leftReason = 'the visitor left the chat: it goes after the offline grace unless they come back'
/** Why there is no follow-up for replies the visitor read. */
export const readReason = 'read in time'

/** What a due follow-up is decided on: the site's setting, the visitor, and the conversation's seqs. */
export interface FollowupFacts {
  enabled: boolean
  email: string | null
  unsubscribed: boolean
  /** The visitor's read watermark. */
  watermark: number
  /** The highest seq an email already carried. */
  coveredSeq: number
  /** The newest agent or bot message's seq. */
  newestReplySeq: number
  /** Whether the visitor has the panel open in a visible tab right now. */
  inChat: boolean
}

/** What to do with a due follow-up. */
export type FollowupDecision =
  /** Email the replies numbered above `after` (a new unread burst). */
  | { action: 'send'; after: number }
  /** The visitor is still in the chat: send when they leave, if still unread. */
  | { action: 'wait' }
  /** Nothing to send, and why, for agents to see. */
  | { action: 'drop'; state: 'cancelled' | 'skipped'; reason: string }
  /** This burst's email went out already. */
  | { action: 'none' }

/**
 * Decides a due follow-up: the functional core, no I/O. One email per unread burst: the replies after
 * both the watermark and the last email; a reply after an email starts a new burst.
 *
 * @example
 * ```ts
 * decideFollowup({ enabled: true, email: 'a@b.c', unsubscribed: false, watermark: 1, coveredSeq: 0, newestReplySeq: 2, inChat: false })
 * // { action: 'send', after: 1 }
 * ```
 */
export function decideFollowup(facts: FollowupFacts): FollowupDecision {
  if (!facts.enabled) return { action: 'drop', state: 'cancelled', reason: offReason }
  if (facts.newestReplySeq <= facts.watermark) return { action: 'drop', state: 'cancelled', reason: readReason }
  if (facts.newestReplySeq <= facts.coveredSeq) return { action: 'none' }
  if (facts.email === null) return { action: 'drop', state: 'skipped', reason: 'the visitor left no email address' }
  if (facts.unsubscribed) return { action: 'drop', state: 'skipped', reason: 'the visitor unsubscribed' }
  if (facts.inChat) return { action: 'wait' }
  return { action: 'send', after: Math.max(facts.watermark, facts.coveredSeq) }
}
