import { durationUnits } from './duration-units.js'

/**
 * A duration in milliseconds as a person would type it into a field that accepts "30s" or "5m": the
 * largest unit that holds it exactly, else milliseconds.
 *
 * @example
 * ```ts
 * durationInput(300_000) // '5m'
 * durationInput(90_000) // '90s'
 * durationInput(1500) // '1500ms'
 * ```
 */
export function durationInput(milliseconds: number): string {
  if (milliseconds === 0) return '0s'
  const unit = durationUnits.find(({ size }) => milliseconds % size === 0)
  return unit ? `${milliseconds / unit.size}${unit.suffix}` : `${milliseconds}ms`
}
