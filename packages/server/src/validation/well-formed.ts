/** A UTF-16 surrogate without its other half: not a character, and no UTF-8 encoding has it. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** JSON text can only produce a surrogate through a `\uD800`-`\uDFFF` escape. */
const surrogateEscape = /\\u[dD][89a-fA-F]/

/**
 * The path of the first string (value or key) in a parsed JSON value that holds a lone surrogate, or
 * undefined when every string is well-formed Unicode. Such a string cannot be stored as UTF-8: SQLite
 * would silently replace the half character, and the stored text would differ from what was
 * acknowledged. Porchlight refuses it instead, on the sockets and over REST alike. `text` is the JSON
 * the value was parsed from: without a surrogate escape in it, nothing is walked.
 *
 * @example
 * ```ts
 * const text = '{"text":"\\ud83d"}'
 * findLoneSurrogate(JSON.parse(text), text) // '/text'
 * ```
 */
export function findLoneSurrogate(value: unknown, text: string): string | undefined {
  return surrogateEscape.test(text) ? walk(value, '') : undefined
}

function walk(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return loneSurrogate.test(value) ? path || '/' : undefined
  if (typeof value !== 'object' || value === null) return undefined
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`
    if (loneSurrogate.test(key)) return at
    const found = walk(item, at)
    if (found !== undefined) return found
  }
  return undefined
}
