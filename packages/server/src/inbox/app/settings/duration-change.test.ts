import { describe, expect, it } from 'vitest'
import { durationChange } from './duration-change.js'

describe('durationChange', () => {
  it('leaves a setting alone while its field means the value in effect, however written', () => {
    expect(durationChange('1m', 60_000)).toBeUndefined()
    expect(durationChange(' 60s ', 60_000)).toBeUndefined()
    expect(durationChange('60000', 60_000)).toBeUndefined()
  })

  it('resets an emptied field to the default and passes anything else on as typed', () => {
    expect(durationChange('', 60_000)).toBeNull()
    expect(durationChange('   ', 60_000)).toBeNull()
    expect(durationChange('2m ', 60_000)).toBe('2m')
    // The server refuses what it cannot read, naming the setting.
    expect(durationChange('soon', 60_000)).toBe('soon')
  })
})
