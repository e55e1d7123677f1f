/**
 * A moment from the API in the agent's own time zone and language, to the minute.
 *
 * @example
 * ```ts
 * localTime('2026-11-22T05:03:00.000Z') // '11/22/2026, 6:03 AM' in Paris with en-US
 * ```
 */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })
}
