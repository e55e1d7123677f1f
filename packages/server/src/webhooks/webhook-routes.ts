import { randomBytes } from 'node:crypto'
import {
  CreatedWebhookResponse,
  CreateWebhookBody,
  PatchWebhookBody,
  SiteWebhooksParams,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookDeliveryResponse,
  WebhookList,
  WebhookParams,
  WebhookResponse,
  webhookEventTypes,
  type WebhookEndpoint,
} from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { adminWriteErrors } from '../auth/admin-write-errors.js'
import { requireAdmin } from '../auth/require-admin.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'
import { timeOrderedId } from '../store/time-ordered-id.js'
import type { StoredWebhook } from '../store/webhook-repository.js'
import { sessionRequired } from '../web/api-docs.js'
import type { WebhookDispatcher } from './webhook-dispatcher.js'
import { webhookUrl } from './webhook-url.js'

/** The most endpoints one site may have. */
export const maxWebhooksPerSite = 20

/** The endpoint without its secret. */
const shown = ({ secret: _secret, ...webhook }: StoredWebhook): WebhookEndpoint => webhook

/** A new secret: 32 random bytes, with a prefix that tells what it is when it turns up in a config file. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`

/** Admins manage each site's webhooks and read their delivery logs; agents are refused with 403 `admin_required`. */
export async function webhookRoutes(
  app: FastifyInstance,
  context: {
    store: Store
    bus: EventBus
    dispatcher: WebhookDispatcher
    authenticate: preHandlerAsyncHookHandler
    allowPrivateAddresses: boolean
    clock: () => number
  },
): Promise<void> {
  const { store, bus, dispatcher, allowPrivateAddresses, clock } = context
  app.addHook('preHandler', context.authenticate)
  app.addHook('preHandler', requireAdmin)
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()
  const admin = ['unauthorized', 'admin_required'] as const
  /** What a write with an endpoint's URL in its body may answer besides its own errors. */
  const endpointWrite = [...adminWriteErrors, 'webhook_url_invalid', 'webhook_url_forbidden', 'site_not_found'] as const

  const siteOf = async (siteId: string) => {
    if (!(await store.sites.find(siteId))) throw new PorchlightError('site_not_found')
  }
  const webhookOf = async (siteId: string, webhookId: string) => {
    await siteOf(siteId)
    const webhook = await store.webhooks.find(webhookId, siteId)
    if (!webhook) throw new PorchlightError('webhook_not_found')
    return webhook
  }

  typed.get(
    '/api/sites/:id/webhooks',
    {
      schema: {
        summary: "A site's webhook endpoints (without their secrets)",
        tags: ['webhooks'],
        ...sessionRequired,
        params: SiteWebhooksParams,
        response: { 200: WebhookList, ...errorResponses('bad_request', ...admin, 'site_not_found') },
      },
    },
    async (request) => {
      await siteOf(request.params.id)
      return { webhooks: (await store.webhooks.list(request.params.id)).map(shown) }
    },
  )

  typed.post(
    '/api/sites/:id/webhooks',
    {
      schema: {
        summary: 'Add a webhook endpoint; its secret (generated unless given) is in this answer only',
        tags: ['webhooks'],
        ...sessionRequired,
        params: SiteWebhooksParams,
        body: CreateWebhookBody,
        response: {
          201: CreatedWebhookResponse,
          ...errorResponses(...endpointWrite, 'too_many_webhooks'),
        },
      },
    },
    async (request, reply) => {
      const siteId = request.params.id
      const url = webhookUrl(request.body.url, allowPrivateAddresses)
      await siteOf(siteId)
      const now = clock()
      const webhook: StoredWebhook = {
        id: timeOrderedId(now),
        siteId,
        url,
        secret: request.body.secret ?? newSecret(),
        events: request.body.events ?? [...webhookEventTypes],
        enabled: request.body.enabled ?? true,
        createdAt: new Date(now).toISOString(),
      }
      if (!(await store.webhooks.create(webhook, now, maxWebhooksPerSite))) throw new PorchlightError('too_many_webhooks')
      bus.emit('webhook.changed', { siteId })
      reply.status(201)
      return { webhook: shown(webhook), secret: webhook.secret }
    },
  )

  typed.patch(
    '/api/sites/:id/webhooks/:webhookId',
    {
      schema: {
        summary: "Change a webhook's URL, events, enabled or secret",
        tags: ['webhooks'],
        ...sessionRequired,
        params: WebhookParams,
        body: PatchWebhookBody,
        response: {
          200: WebhookResponse,
          ...errorResponses(...endpointWrite, 'webhook_not_found'),
        },
      },
    },
    async (request) => {
      const { id: siteId, webhookId } = request.params
      const { url, ...rest } = request.body
      const patch = { ...rest, ...(url !== undefined && { url: webhookUrl(url, allowPrivateAddresses) }) }
      await siteOf(siteId)
      const webhook = await store.webhooks.update(siteId, webhookId, patch)
      if (!webhook) throw new PorchlightError('webhook_not_found')
      bus.emit('webhook.changed', { siteId })
      return { webhook: shown(webhook) }
    },
  )

  typed.delete(
    '/api/sites/:id/webhooks/:webhookId',
    {
      schema: {
        summary: 'Delete a webhook endpoint with its delivery log; its pending deliveries are dropped',
        tags: ['webhooks'],
        ...sessionRequired,
        params: WebhookParams,
        response: {
          204: { type: 'null' },
          ...errorResponses('bad_request', ...admin, 'forbidden_origin', 'site_not_found', 'webhook_not_found'),
        },
      },
    },
    async (request, reply) => {
      const { id: siteId, webhookId } = request.params
      await siteOf(siteId)
      if (!(await store.webhooks.remove(siteId, webhookId))) throw new PorchlightError('webhook_not_found')
      bus.emit('webhook.changed', { siteId })
      return reply.status(204).send(null)
    },
  )

  typed.get(
    '/api/sites/:id/webhooks/:webhookId/deliveries',
    {
      schema: {
        summary: "A webhook's delivery log, newest first: status, attempts and the last attempt's answer or error",
        tags: ['webhooks'],
        ...sessionRequired,
        params: WebhookParams,
        querystring: WebhookDeliveryQuery,
        response: { 200: WebhookDeliveryList, ...errorResponses('bad_request', ...admin, 'site_not_found', 'webhook_not_found') },
      },
    },
    async (request) => {
      const webhook = await webhookOf(request.params.id, request.params.webhookId)
      return { deliveries: await store.webhooks.deliveries(webhook.id, request.query.limit ?? 50) }
    },
  )

  typed.post(
    '/api/sites/:id/webhooks/:webhookId/test',
    {
      schema: {
        summary: 'Queue a `ping` event to the endpoint (whatever it subscribes to); its delivery shows in the log',
        tags: ['webhooks'],
        ...sessionRequired,
        params: WebhookParams,
        response: {
          202: WebhookDeliveryResponse,
          ...errorResponses('bad_request', ...admin, 'forbidden_origin', 'site_not_found', 'webhook_not_found'),
        },
      },
    },
    async (request, reply) => {
      const webhook = await webhookOf(request.params.id, request.params.webhookId)
      reply.status(202)
      return { delivery: await dispatcher.ping(webhook) }
    },
  )
}
