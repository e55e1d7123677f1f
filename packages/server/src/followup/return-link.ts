/** Where a site's return links lead: the page the conversation began on, or one fixed page. */
export type ReturnUrlSetting = { mode: 'page' } | { mode: 'custom'; url: string }

/**
 * The return link of a follow-up: `<page>#porchlight=<token>`. The page is where the conversation began
 * when the site says `page` and that page is an http(s) address on one of the site's origins (the
 * visitor's socket reported it: it is not trusted to point anywhere else), else the site's custom URL,
 * else `fallback` (the server's public URL). A fragment already there is kept, the token added to it.
 *
 * @example
 * ```ts
 * returnLink({ mode: 'page' }, 'https://shop.test/cart?x=1#top', null, 'http://localhost:3000', 'tok')
 * // 'https://shop.test/cart?x=1#top&porchlight=tok'
 * ```
 */
export function returnLink(
  setting: ReturnUrlSetting,
  startUrl: string | null,
  allowedOrigins: readonly string[] | null,
  fallback: string,
  token: string,
): string {
  const page = setting.mode === 'custom' ? setting.url : (trustedPage(startUrl, allowedOrigins) ?? fallback)
  const url = new URL(page)
  const fragment = url.hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('porchlight='))
  url.hash = [...fragment, `porchlight=${token}`].join('&')
  return url.href
}

function trustedPage(startUrl: string | null, allowedOrigins: readonly string[] | null): string | undefined {
  if (startUrl === null || !URL.canParse(startUrl)) return undefined
  const url = new URL(startUrl)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (allowedOrigins !== null && !allowedOrigins.includes(url.origin)) return undefined
  return url.href
}
