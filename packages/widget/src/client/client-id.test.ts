import { ClientId } from '@porchlight/protocol'
import { Check } from 'typebox/value'
import { describe, expect, test } from 'vitest'
import { createClientId } from './client-id.js'

describe('createClientId', () => {
  test('uses crypto.randomUUID where there is one', () => {
    expect(createClientId({ randomUUID: () => '0-1-2-3-4' })).toBe('0-1-2-3-4')
    expect(createClientId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  test('falls back to getRandomValues (plain http) and to Math.random (very old browsers)', () => {
    const insecure = { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) } as Partial<Crypto>
    for (const source of [insecure, undefined, {}]) {
      const ids = new Set(Array.from({ length: 100 }, () => createClientId(source)))
      expect(ids.size).toBe(100)
      for (const id of ids) expect(Check(ClientId, id), id).toBe(true)
    }
  })
})
