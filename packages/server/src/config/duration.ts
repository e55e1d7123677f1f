const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Parses a duration as configuration writes it: a whole number of milliseconds (`1500`) or a number with
 * a unit (`500ms`, `30s`, `5m`, `2h`, `7d`). Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * parseDuration('5m') // 300000
 * parseDuration('10') // 10
 * parseDuration('soon') // undefined
 * ```
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text)
  if (!match) return undefined
  const milliseconds = Number(match[1]) * units[match[2] ?? 'ms']!
  return Number.isSafeInteger(Math.round(milliseconds)) ? Math.round(milliseconds) : undefined
}
