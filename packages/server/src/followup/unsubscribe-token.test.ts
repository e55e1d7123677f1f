import { describe, expect, it } from 'vitest'
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.js'

const secret = 'a'.repeat(32)

describe('unsubscribe tokens', () => {
  it('name the visitor they were signed for, and nobody else', () => {
    const token = unsubscribeToken(secret, 'visitor-1')
    expect(verifyUnsubscribeToken(secret, token)).toBe('visitor-1')
    expect(verifyUnsubscribeToken(secret, token.replace('visitor-1', 'visitor-2'))).toBeUndefined()
    expect(verifyUnsubscribeToken('b'.repeat(32), token)).toBeUndefined()
    expect(verifyUnsubscribeToken(secret, 'visitor-1')).toBeUndefined()
  })
})
