/**
 * The entries of a list typed into a text area: one a line (commas and spaces separate too), trimmed,
 * without empty ones or repeats.
 *
 * @example
 * ```ts
 * textList('https://a.example\n\n https://b.example, https://a.example') // ['https://a.example', 'https://b.example']
 * ```
 */
export function textList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((entry) => entry !== ''))]
}
