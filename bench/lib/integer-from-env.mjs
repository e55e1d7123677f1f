/** A positive integer from the environment variable `variable`, or `fallback` when it is unset or not one. */
export function integerFromEnv(variable, fallback) {
  const value = Number(process.env[variable])
  return Number.isSafeInteger(value) && value > 0 ? value : fallback
}
