import { parseDuration } from '../../../config/duration.js'

/**
 * What a PATCH says about a duration setting after its field was edited: `undefined` when the field
 * still means the value in effect (leave the setting alone, which keeps a server default a default),
 * `null` when it was emptied (back to the server's default), else the text as typed, for the server to
 * parse and bound (its error names the setting).
 *
 * @example
 * ```ts
 * durationChange('60s', 60_000) // undefined
 * durationChange('', 60_000) // null
 * durationChange('2m', 60_000) // '2m'
 * ```
 */
export function durationChange(text: string, current: number): string | null | undefined {
  const typed = text.trim()
  if (typed === '') return null
  return parseDuration(typed) === current ? undefined : typed
}
