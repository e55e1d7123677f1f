import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { temporaryDirectories } from '../../test/support/temp-dirs.js'
import { Store } from './store.js'
import { timeOrderedId } from './time-ordered-id.js'
import { deliveryLogSize } from './webhook-repository.js'

const newDataDir = temporaryDirectories('porchlight-webhook-store-')
let store: Store
beforeEach(async () => {
  store = await Store.open(newDataDir())
  await store.sites.ensure('default', 'Default', 0)
})
afterEach(async () => {
  await store.close()
})

const webhook = (id: string) => ({
  id,
  siteId: 'default',
  url: 'https://example.com/',
  secret: 'a-secret-for-this-test-only',
  events: ['message.created' as const],
  enabled: true,
  createdAt: new Date(0).toISOString(),
})

describe('the webhook store', () => {
  it('keeps an endpoint its newest ended deliveries, and every pending one', async () => {
    await store.webhooks.create(webhook('w1'), 0, 20)
    const ids = Array.from({ length: deliveryLogSize + 5 }, (_, index) => timeOrderedId(1_000 + index))
    const create = (id: string) => store.webhooks.createDelivery({ id, endpointId: 'w1', event: 'message.created', body: '{}', now: 0 })
    // The oldest stays pending (it is being retried); every other one ends, a batch at a time, so that
    // the pending ones never reach the cap on an endpoint's backlog.
    const [pending, ...ended] = ids
    await create(pending!)
    for (let start = 0; start < ended.length; start += 100) {
      const batch = ended.slice(start, start + 100)
      await Promise.all(batch.map(create))
      await Promise.all(batch.map((id) => store.webhooks.recordAttempt(id, { status: 'delivered', statusCode: 200, error: null, at: 1 })))
    }
    const kept = await store.webhooks.deliveries('w1', deliveryLogSize + 10)
    expect(kept).toHaveLength(deliveryLogSize + 1)
    expect(kept[0]!.id).toBe(ids.at(-1))
    expect(kept.at(-1)).toMatchObject({ id: pending, status: 'pending' })
    expect(kept.slice(0, -1).every((delivery) => delivery.status === 'delivered')).toBe(true)
  })

  it('records no attempt at a delivery that has ended', async () => {
    await store.webhooks.create(webhook('w1'), 0, 20)
    await store.webhooks.createDelivery({ id: 'd1', endpointId: 'w1', event: 'message.created', body: '{}', now: 0 })
    expect(await store.webhooks.recordAttempt('d1', { status: 'failed', statusCode: 410, error: 'HTTP 410', at: 1 })).toBe(true)
    expect(await store.webhooks.recordAttempt('d1', { status: 'delivered', statusCode: 200, error: null, at: 2 })).toBe(false)
    expect(await store.webhooks.delivery('d1')).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410, deliveredAt: null })
  })

  it('adds no endpoint past the limit of its site', async () => {
    expect(await store.webhooks.create(webhook('w1'), 0, 2)).toBe(true)
    expect(await store.webhooks.create(webhook('w2'), 0, 2)).toBe(true)
    expect(await store.webhooks.create(webhook('w3'), 0, 2)).toBe(false)
    expect((await store.webhooks.list('default')).map((stored) => stored.id)).toEqual(['w1', 'w2'])
  })
})
