import { describe, expect, it } from 'vitest'
import { otherOwner } from './other-owner.js'

describe("another agent's conversation", () => {
  it('is an active one whose owner is someone else', () => {
    expect(otherOwner({ status: 'active', assigneeId: 'ann' }, 'bob')).toBe('ann')
    expect(otherOwner({ status: 'active', assigneeId: 'bob' }, 'bob')).toBeNull()
    expect(otherOwner({ status: 'unanswered', assigneeId: null }, 'bob')).toBeNull()
    expect(otherOwner({ status: 'finished', assigneeId: 'ann' }, 'bob')).toBeNull()
  })
})
