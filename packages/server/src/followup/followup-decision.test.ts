import { describe, expect, it } from 'vitest'
import { decideFollowup, type FollowupFacts } from './followup-decision.js'

const due: FollowupFacts = {
  enabled: true,
  email: 'ada@example.com',
  unsubscribed: false,
  watermark: 1,
  coveredSeq: 0,
  newestReplySeq: 3,
  inChat: false,
}

describe('decideFollowup', () => {
  it('sends the replies after the watermark to a visitor who left', () => {
    expect(decideFollowup(due)).toEqual({ action: 'send', after: 1 })
  })

  it('starts a new burst after the last email, and sends nothing twice for one burst', () => {
    expect(decideFollowup({ ...due, coveredSeq: 2 })).toEqual({ action: 'send', after: 2 })
    expect(decideFollowup({ ...due, coveredSeq: 3 })).toEqual({ action: 'none' })
  })

  it('waits while the visitor is in the chat', () => {
    expect(decideFollowup({ ...due, inChat: true })).toEqual({ action: 'wait' })
  })

  it('cancels what was read, or a site with follow-up off; skips without an address or after an unsubscribe', () => {
    expect(decideFollowup({ ...due, watermark: 3 })).toMatchObject({ action: 'drop', state: 'cancelled', reason: 'read in time' })
    expect(decideFollowup({ ...due, enabled: false })).toMatchObject({ action: 'drop', state: 'cancelled' })
    expect(decideFollowup({ ...due, email: null })).toMatchObject({ action: 'drop', state: 'skipped' })
    expect(decideFollowup({ ...due, unsubscribed: true })).toMatchObject({
      action: 'drop',
      state: 'skipped',
      reason: 'the visitor unsubscribed',
    })
  })
})
