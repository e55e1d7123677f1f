import { api } from '../api.js'
import type { Site, SiteResponse } from '@porchlight/protocol'
import { itemPath } from './item-path.js'

/**
 * Changes a site's settings (`PATCH /api/sites/:id`) and answers the site with the settings now in effect.
 *
 * @example
 * ```ts
 * const site = await patchSite('default', { widget: { twoWayChat: false } })
 * ```
 */
export async function patchSite(id: string, body: object): Promise<Site> {
  const { site } = await api<SiteResponse>(itemPath('/api/sites', id), { method: 'PATCH', body })
  return site
}
