/**
 * The time of day where the visitor is, "14:05", from their IANA time zone; null when it is unknown or
 * this browser does not know the zone.
 *
 * @example
 * ```ts
 * localTime('Asia/Tokyo', Date.parse('2026-01-01T05:05:00Z')) // '14:05'
 * ```
 */
export function localTime(timeZone: string | null, now: number): string | null {
  if (!timeZone) return null
  try {
    return new Date(now).toLocaleTimeString([], { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  } catch {
    return null
  }
}

/**
 * A browser language in words for the agent, with its tag: "German (Germany) · de-DE"; the tag alone
 * when this browser has no name for it, "Unknown" without one.
 *
 * @example
 * ```ts
 * languageName('de-DE', 'en') // 'German (Germany) · de-DE'
 * ```
 */
export function languageName(tag: string | null, locales?: string | string[]): string {
  if (!tag) return 'Unknown'
  try {
    const name = new Intl.DisplayNames(locales, { type: 'language', fallback: 'none' }).of(tag)
    return name ? `${name} · ${tag}` : tag
  } catch {
    return tag
  }
}
