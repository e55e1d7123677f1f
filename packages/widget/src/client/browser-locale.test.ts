import { describe, expect, test } from 'vitest'
import { browserLocale } from './browser-locale.js'

describe('the browser locale in hello', () => {
  test("reports this browser's language and time zone", () => {
    expect(browserLocale()).toEqual({ language: navigator.language, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })
    expect(browserLocale('de-DE', 'America/Argentina/Buenos_Aires')).toEqual({
      language: 'de-DE',
      timeZone: 'America/Argentina/Buenos_Aires',
    })
  })

  test('leaves out what the server would refuse, so that the hello still goes through', () => {
    expect(browserLocale('<script>', 'x'.repeat(65))).toEqual({ language: undefined, timeZone: undefined })
    expect(browserLocale(`en-${'abcdefgh-'.repeat(4)}x`, 'Asia/ Tokyo')).toEqual({ language: undefined, timeZone: undefined })
  })
})
