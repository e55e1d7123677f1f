/**
 * Whether JSON text nests objects and arrays deeper than `maxDepth`, read without parsing it: a cheap scan
 * that runs before anything (the parser, a validator, an error message) walks the value recursively, so
 * that a small frame of ten thousand brackets cannot exhaust the stack. Brackets inside strings do not
 * count. The text need not be valid JSON: whatever it is, the answer bounds what a parser would build.
 *
 * @example
 * ```ts
 * exceedsJsonDepth('{"a":[1,[2]]}', 2) // true: three levels
 * exceedsJsonDepth('{"a":"[[[["}', 1) // false
 * ```
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === 0x5c)
        index++ // a backslash escapes the next character
      else if (code === 0x22) inString = false
    } else if (code === 0x22) inString = true
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > maxDepth) return true
    } else if (code === 0x7d || code === 0x5d) depth--
  }
  return false
}
