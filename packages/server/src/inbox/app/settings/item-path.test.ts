import { expect, it } from 'vitest'
import { itemPath } from './item-path.js'

it('escapes the id, so that it stays one path segment', () => {
  expect(itemPath('/api/sites', 'default')).toBe('/api/sites/default')
  expect(itemPath('/api/sites', 'shop', '/webhooks')).toBe('/api/sites/shop/webhooks')
  expect(itemPath('/api/agents', '../jobs/failed?x#y', '/logout')).toBe('/api/agents/..%2Fjobs%2Ffailed%3Fx%23y/logout')
})
