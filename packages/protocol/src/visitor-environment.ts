import { limits } from './limits.js'

// Plain strings, not schemas: a client checks a value before sending it without shipping a validator
// (a module with TypeBox calls would pull TypeBox into the widget).

/**
 * What a browser language in `hello` must look like: a BCP 47-ish tag (`en`, `de-DE`, `zh-Hant-TW`) of
 * at most `limits.languageTag` characters.
 *
 * @example
 * ```ts
 * import { languageTagPattern } from '@porchlight/protocol'
 * const language = new RegExp(languageTagPattern).test(navigator.language) ? navigator.language : undefined
 * ```
 */
export const languageTagPattern = `^(?=.{1,${limits.languageTag}}$)[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`

/**
 * What a time zone in `hello` must look like: an IANA name (`Asia/Tokyo`, `Etc/GMT+5`,
 * `America/Port-au-Prince`) of at most `limits.timeZone` characters.
 *
 * @example
 * ```ts
 * import { timeZonePattern } from '@porchlight/protocol'
 * new RegExp(timeZonePattern).test('Asia/Tokyo') // true
 * ```
 */
export const timeZonePattern = `^[A-Za-z0-9_+\\-/]{1,${limits.timeZone}}$`
