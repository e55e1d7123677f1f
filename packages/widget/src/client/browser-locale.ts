import { languageTagPattern, timeZonePattern } from '@porchlight/protocol'

const fitting = (value: string | undefined, pattern: string) => (value && new RegExp(pattern).test(value) ? value : undefined)

/**
 * The browser's language and time zone for `hello`, so that agents know how to greet and when it is for
 * the visitor. A value the protocol would refuse (an odd browser, a script overriding `navigator`) is
 * left out rather than cost the connection.
 */
export const browserLocale = (
  language: string | undefined = typeof navigator === 'undefined' ? undefined : navigator.language,
  timeZone: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone,
): { language?: string | undefined; timeZone?: string | undefined } => ({
  language: fitting(language, languageTagPattern),
  timeZone: fitting(timeZone, timeZonePattern),
})
