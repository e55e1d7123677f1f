/**
 * Takes the return-link token (`#porchlight=<token>`, from a follow-up email) out of the address: it is
 * removed from the address bar at once, other parts of the fragment kept, so that it is neither
 * bookmarked, shared nor sent anywhere else.
 */
export function takeReturnToken(): string | undefined {
  if (typeof location === 'undefined') return undefined
  const parts = location.hash.slice(1).split('&')
  const index = parts.findIndex((part) => part.startsWith('porchlight='))
  if (index < 0) return undefined
  const token = parts.splice(index, 1)[0]!.slice('porchlight='.length)
  const rest = parts.join('&')
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''))
  return token || undefined
}
