/**
 * The address to link to for a page a visitor reported, or null when it is not an `http:` or `https:`
 * URL: a `javascript:` or `data:` "page" from a forged `hello` must never become a link an agent clicks.
 *
 * @example
 * ```ts
 * webAddress('https://shop.example/cart') // 'https://shop.example/cart'
 * webAddress('javascript:alert(1)') // null
 * ```
 */
export function webAddress(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}
