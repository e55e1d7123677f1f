/**
 * The address of one item of an admin API collection, its id escaped, and what lies below it.
 *
 * @example
 * ```ts
 * itemPath('/api/agents', agent.id, '/logout') // '/api/agents/01J…/logout'
 * itemPath('/api/sites', 'default', '/webhooks') // '/api/sites/default/webhooks'
 * ```
 */
export function itemPath(collection: string, id: string, below = ''): string {
  return `${collection}/${encodeURIComponent(id)}${below}`
}
