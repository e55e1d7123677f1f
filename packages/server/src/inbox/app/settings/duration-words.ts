import { durationUnits } from './duration-units.js'

const count = (amount: number, word: string) => `${amount} ${word}${amount === 1 ? '' : 's'}`

/**
 * A duration in milliseconds in words, to a person's precision: its largest unit and the next one,
 * rounded ("1 minute 30 seconds", not "1 minute 30 seconds 250 milliseconds").
 *
 * @example
 * ```ts
 * durationWords(90_000) // '1 minute 30 seconds'
 * durationWords(7_200_000) // '2 hours'
 * durationWords(250) // '250 milliseconds'
 * ```
 */
export function durationWords(duration: number): string {
  const milliseconds = Math.round(duration)
  const largest = durationUnits.findIndex(({ size }) => milliseconds >= size)
  if (largest === -1) return count(milliseconds, 'millisecond')
  // Round to the smaller unit shown first: 59 min 59.9 s is "1 hour", not "59 minutes 60 seconds".
  const precision = (durationUnits[largest + 1] ?? durationUnits[largest]!).size
  const rounded = Math.round(milliseconds / precision) * precision
  const index = durationUnits.findIndex(({ size }) => rounded >= size)
  const unit = durationUnits[index]!
  const whole = Math.floor(rounded / unit.size)
  const next = durationUnits[index + 1]
  const rest = next ? Math.round((rounded - whole * unit.size) / next.size) : 0
  return rest === 0 || !next ? count(whole, unit.word) : `${count(whole, unit.word)} ${count(rest, next.word)}`
}
