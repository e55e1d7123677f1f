import { useEffect, useState } from 'preact/hooks'

/** The inbox's queue lists. */
export type ListKey = 'unanswered' | 'mine' | 'active' | 'finished'

/**
 * Where the inbox is, kept in the URL's fragment so that a reload, a bookmark or the back button lands
 * on the same screen and the server serves one page: `#/inbox/<list>[/<conversation id>]` (Unanswered unless named),
 * `#/analytics`, `#/settings[/<section>]`, `#/profile`.
 */
export type Route =
  | { page: 'inbox'; list: ListKey; conversationId: string | null }
  | { page: 'analytics' }
  | { page: 'settings'; section: string | null }
  | { page: 'profile' }

const lists: readonly string[] = ['unanswered', 'mine', 'active', 'finished'] satisfies ListKey[]

/** The default queue: Unanswered, nothing open. */
const home: Route = { page: 'inbox', list: 'unanswered', conversationId: null }

/** Reads a fragment; anything unknown is the default queue, and so is a malformed escape (`%E0`). */
export function parseRoute(hash: string): Route {
  let parts: string[]
  try {
    parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent)
  } catch {
    return home
  }
  const [page, first, second] = parts
  if (page === 'analytics' || page === 'profile') return { page }
  if (page === 'settings') return { page, section: first || null }
  const list = lists.includes(first ?? '') ? (first as ListKey) : 'unanswered'
  return { page: 'inbox', list, conversationId: second || null }
}

/** The fragment of a route: the inverse of {@link parseRoute}. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case 'inbox':
      return `#/inbox/${route.list}${route.conversationId ? `/${encodeURIComponent(route.conversationId)}` : ''}`
    case 'settings':
      return `#/settings${route.section ? `/${encodeURIComponent(route.section)}` : ''}`
    default:
      return `#/${route.page}`
  }
}

/** Goes to a route (a new history entry, as a link would). */
export function navigate(route: Route): void {
  location.hash = routeHref(route)
}

/** The current route, following the fragment. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash))
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])
  return route
}
