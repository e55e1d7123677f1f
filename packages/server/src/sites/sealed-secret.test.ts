import { describe, expect, it } from 'vitest'
import { openSecret, sealSecret } from './sealed-secret.js'

const serverSecret = 'a server secret of at least thirty-two characters'

describe('sealed identity secrets', () => {
  it('open with the server secret they were sealed with, and only with it', () => {
    const sealed = sealSecret(serverSecret, 'identity secret')
    expect(sealed).not.toContain('identity secret')
    expect(sealSecret(serverSecret, 'identity secret')).not.toBe(sealed)
    expect(openSecret(serverSecret, sealed)).toBe('identity secret')
    expect(openSecret(`${serverSecret}!`, sealed)).toBeUndefined()
  })

  it('refuse what was tampered with or never sealed', () => {
    const [version, iv, tag, data] = sealSecret(serverSecret, 'identity secret').split('.')
    const flipped = `${data![0] === 'A' ? 'B' : 'A'}${data!.slice(1)}`
    expect(openSecret(serverSecret, [version, iv, tag, flipped].join('.'))).toBeUndefined()
    expect(openSecret(serverSecret, 'identity secret')).toBeUndefined()
    expect(openSecret(serverSecret, 'v1.x.y.z')).toBeUndefined()
  })
})
