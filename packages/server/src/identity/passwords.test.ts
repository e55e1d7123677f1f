import { describe, expect, it } from 'vitest'
import { decoyHash, defaultPasswordCost, hashPassword, needsRehash, verifyPassword } from './passwords.js'

const oldCost = { N: 16384, r: 8, p: 1 }

describe('passwords', () => {
  it('hash at OWASP’s cost (N=2^17, r=8, p=1) and check in both directions', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true)
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false)
    expect(needsRehash(hash)).toBe(false)
  })

  it('still check a hash made at the old cost, and ask for it to be made again', async () => {
    const hash = await hashPassword('old password', oldCost)
    expect(hash.startsWith('scrypt$16384$8$1$')).toBe(true)
    expect(await verifyPassword('old password', hash)).toBe(true)
    expect(needsRehash(hash)).toBe(true)
    expect(needsRehash(hash, oldCost)).toBe(false)
    expect(needsRehash(hash.replace('$16384$8$', `$${defaultPasswordCost.N}$16$`))).toBe(true)
  })

  it('check a password for an unknown account at the same cost as for a real one, and match nothing', async () => {
    expect(decoyHash().split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1'])
    expect(needsRehash(decoyHash())).toBe(false)
    expect(await verifyPassword('', decoyHash())).toBe(false)
    expect(decoyHash(oldCost).split('$').slice(0, 4)).toEqual(['scrypt', '16384', '8', '1'])
    expect(needsRehash(decoyHash(oldCost), oldCost)).toBe(false)
  })

  it('match nothing against a malformed hash', async () => {
    for (const hash of ['', 'bcrypt$x', 'scrypt$abc$8$1$c2FsdA$a2V5', 'scrypt$16384$8$1$$', 'scrypt$16384$8$1$c2FsdA$a2V5$extra']) {
      expect(await verifyPassword('password', hash), hash).toBe(false)
    }
  })
})
