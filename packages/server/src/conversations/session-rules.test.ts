import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decideSession } from './session-rules.js'

const window = 600_000

describe('decideSession', () => {
  it.each([
    ['finished', 'online', 0, 1, 'inactive', 'finished'],
    ['active', 'offline', 0, 1, 'inactive', 'user_offline'],
    ['unanswered', 'online', 0, 10 * window, 'active', null],
    ['active', 'away', 0, window - 1, 'active', null],
    ['active', 'away', 0, window, 'inactive', 'no_response'],
  ] as const)('%s with the visitor %s (last wrote at %i, now %i): %s %s', (status, presence, last, now, state, reason) => {
    expect(decideSession({ status, presence, lastVisitorMessageAt: last, now, inactivityWindow: window })).toMatchObject({
      state,
      inactiveReason: reason,
    })
  })

  it('asks to be woken exactly when an away visitor’s silence reaches the window, and then turns inactive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: window - 1 }), (last, elapsed) => {
        const before = decideSession({
          status: 'active',
          presence: 'away',
          lastVisitorMessageAt: last,
          now: last + elapsed,
          inactivityWindow: window,
        })
        expect(before).toEqual({ state: 'active', inactiveReason: null, wakeAt: last + window })
        const after = decideSession({
          status: 'active',
          presence: 'away',
          lastVisitorMessageAt: last,
          now: before.wakeAt!,
          inactivityWindow: window,
        })
        expect(after).toEqual({ state: 'inactive', inactiveReason: 'no_response', wakeAt: null })
      }),
    )
  })
})
