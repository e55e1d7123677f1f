import { webhookEventTypes } from '@porchlight/protocol'
import { expect, it } from 'vitest'
import { webhookEvents } from './webhook-events.js'

it('offers every webhook event type of the protocol, in its order', () => {
  expect(webhookEvents.map(({ type }) => type)).toEqual(webhookEventTypes)
})
