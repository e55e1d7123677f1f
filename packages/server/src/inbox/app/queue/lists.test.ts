import type { Agent, ConversationSummary } from '@porchlight/protocol'
import { describe, expect, it } from 'vitest'
import { listDefinitions } from './lists.js'

const me = { id: 'agent-me' } as Agent
/** Only what the lists look at. */
const row = (status: ConversationSummary['status'], assigneeId: string | null, session: 'active' | 'inactive') =>
  ({ status, assigneeId, session: { state: session, inactiveReason: null, since: '' } }) as unknown as ConversationSummary

function matches(key: string, conversation: ConversationSummary, includeInactive = false): boolean {
  return listDefinitions(me, includeInactive)
    .find((list) => list.key === key)!
    .matches(conversation)
}

describe('the queue lists', () => {
  it('keep the live queue to active sessions unless asked, but Mine holds what the agent owns whether the visitor is there or not', () => {
    expect(matches('unanswered', row('unanswered', null, 'inactive'))).toBe(false)
    expect(matches('unanswered', row('unanswered', null, 'inactive'), true)).toBe(true)
    expect(matches('active', row('active', 'someone', 'inactive'))).toBe(false)
    expect(matches('mine', row('active', me.id, 'inactive'))).toBe(true)
    expect(matches('mine', row('active', 'someone', 'active'))).toBe(false)
    expect(matches('mine', row('finished', me.id, 'inactive'))).toBe(false)
    const mine = listDefinitions(me, false).find((list) => list.key === 'mine')!
    expect(mine.query).toEqual({ status: 'active', assignee: 'me' })
  })
})
