/**
 * Whether a page at `origin` (its `Origin` header) may run the site's widget: any origin when the site
 * sets none; otherwise one of its list. A request without an `Origin` does not come from a page the
 * browser vouches for, and is refused where origins are restricted.
 *
 * @example
 * ```ts
 * originAllowed({ allowedOrigins: ['https://shop.example'] }, 'https://shop.example') // true
 * ```
 */
export function originAllowed(site: { readonly allowedOrigins: readonly string[] | null }, origin: string | undefined): boolean {
  return site.allowedOrigins === null || (origin !== undefined && site.allowedOrigins.includes(origin))
}
