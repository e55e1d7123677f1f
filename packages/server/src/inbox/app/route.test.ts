import { describe, expect, it } from 'vitest'
import { parseRoute, routeHref } from './route.js'

describe('the inbox route', () => {
  it('reads what routeHref writes, escapes included', () => {
    const routes = [
      { page: 'inbox', list: 'mine', conversationId: 'a/b c' },
      { page: 'inbox', list: 'finished', conversationId: null },
      { page: 'settings', section: 'sites' },
      { page: 'analytics' },
    ] as const
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route)
  })

  it('falls back to the default queue on an unknown or malformed fragment instead of throwing', () => {
    const home = { page: 'inbox', list: 'unanswered', conversationId: null }
    expect(parseRoute('')).toEqual(home)
    expect(parseRoute('#/nowhere')).toEqual(home)
    expect(parseRoute('#/inbox/unanswered/%E0')).toEqual(home)
    expect(parseRoute('#/settings/%')).toEqual(home)
  })
})
