import { describe, expect, it } from 'vitest'
import { languageName, localTime } from './visitor-locale.js'

describe('the visitor locale in words', () => {
  it('tells the time of day in the visitor time zone', () => {
    const at = Date.parse('2026-01-01T05:05:00Z')
    expect(localTime('Asia/Tokyo', at)).toBe('14:05')
    expect(localTime('America/Argentina/Buenos_Aires', at)).toBe('02:05')
    expect(localTime('Etc/GMT+5', at)).toBe('00:05')
  })

  it('has no local time for an unknown or missing zone', () => {
    expect(localTime('Mars/Olympus_Mons', 0)).toBeNull()
    expect(localTime(null, 0)).toBeNull()
  })

  it('names the language with its tag, or keeps the tag', () => {
    expect(languageName('de-DE', 'en')).toBe('German (Germany) · de-DE')
    expect(languageName('en', 'en')).toBe('English · en')
    expect(languageName('qaa', 'en')).toBe('qaa')
    expect(languageName('x-klingon-1', 'en')).toBe('x-klingon-1')
    expect(languageName(null)).toBe('Unknown')
  })
})
