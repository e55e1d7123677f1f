import type { ConversationSummary, Presence } from '@porchlight/protocol'

// Conversations for the inbox's unit tests: every field the protocol requires, overridable.

/** 12:mm on a fixed day. */
export const at = (minute: number) => `2026-01-01T12:${String(minute).padStart(2, '0')}:00.000Z`

/** A presence: online is visible, anything else a hidden tab unless named. */
export const presence = (
  state: Presence['state'],
  reason: Presence['reason'] = state === 'online' ? 'visible' : 'tab_hidden',
): Presence => ({
  state,
  reason,
  since: at(0),
  widgetOpen: false,
})

/** A conversation `id` as the API lists it, with `overrides`. */
export function conversation(id: string, overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  const base: ConversationSummary = {
    id,
    siteId: 'default',
    status: 'unanswered',
    assigneeId: null,
    visitor: {
      id: `visitor-${id}`,
      name: null,
      email: null,
      userId: null,
      userIdVerified: false,
      createdAt: at(0),
      page: null,
      userAgent: null,
      language: null,
      timeZone: null,
      lastSeenAt: null,
    },
    lastSeq: 1,
    presence: presence('online'),
    session: { state: 'active', inactiveReason: null, since: at(0) },
    lastVisitorMessageAt: at(1),
    lastMessage: { author: 'visitor', text: 'hi', createdAt: at(1) },
    readWatermarks: { visitor: 0, agents: {} },
    createdAt: at(1),
    updatedAt: at(1),
    priority: 'normal',
    tags: [],
    group: null,
    finishedAt: null,
    unread: 0,
  }
  return Object.assign(base, overrides)
}
