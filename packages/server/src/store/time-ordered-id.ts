import { randomUUID } from 'node:crypto'

/**
 * A UUID version 7: 48 bits of milliseconds, then random bits. New ids sort after older ones, so rows
 * keyed by them are appended to their index instead of landing on a random page of it, which keeps
 * each commit's writes small. The random part comes from `randomUUID`, whose entropy is cached: asking
 * for fresh random bytes on every message cost more than the message's SQL.
 *
 * @example
 * ```ts
 * timeOrderedId() // '019a8f3c-5b2e-7c41-9d3a-6f0e2b7c1a44'
 * ```
 */
export function timeOrderedId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0')
  // randomUUID() is xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx with the variant V already set: keep its tail.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`
}
