import type { ConversationSummary, WebhookDelivery, WebhookEvent, WebhookEventType } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { DomainEvents, EventBus } from '../events/event-bus.js'
import type { JobScheduler } from '../jobs/job-scheduler.js'
import type { Store } from '../store/store.js'
import { timeOrderedId } from '../store/time-ordered-id.js'
import type { StoredWebhook } from '../store/webhook-repository.js'

/** The kind of the jobs that deliver webhooks; a job's key is its delivery id. */
export const webhookJobKind = 'webhook'

type Announced = WebhookEvent['type']
type DataOf<Type extends Announced> = Extract<WebhookEvent, { type: Type }>['data']

/**
 * Turns domain events into webhook deliveries: for each enabled endpoint of the event's site that
 * subscribes to its type, the body is fixed and logged as a pending delivery, and a `webhook` job is
 * scheduled to send it. Which sites have endpoints is cached, and forgotten at every `webhook.changed`, so
 * that a server without webhooks reads nothing more per event.
 *
 * @example
 * ```ts
 * const dispatcher = new WebhookDispatcher(store, bus, jobs, { clock: Date.now, log })
 * await dispatcher.ping(webhook) // a `ping` delivery, whatever the endpoint subscribes to
 * ```
 */
export class WebhookDispatcher {
  readonly #store: Store
  readonly #jobs: Pick<JobScheduler, 'schedule'>
  readonly #clock: () => number
  readonly #log: FastifyBaseLogger
  #sites: Promise<Set<string>> | undefined
  /** Finish bookkeeping per conversation, in the order of its events (a finish and a reopen may be close). */
  readonly #finishes = new Map<string, Promise<void>>()

  constructor(store: Store, bus: EventBus, jobs: Pick<JobScheduler, 'schedule'>, options: { clock: () => number; log: FastifyBaseLogger }) {
    this.#store = store
    this.#jobs = jobs
    this.#clock = options.clock
    this.#log = options.log
    bus.on('webhook.changed', () => {
      this.#sites = undefined
    })
    this.#on(bus, 'followup.sent', async ({ siteId, conversationId, visitorId, messageId }) => {
      const data = { conversationId, visitorId, ...(messageId !== undefined && { messageId }) }
      await this.#toSite(siteId, 'followup.sent', data)
    })
    this.#on(bus, 'followup.failed', ({ siteId, conversationId, visitorId, error }) =>
      this.#toSite(siteId, 'followup.failed', { conversationId, visitorId, error }),
    )
    this.#on(bus, 'presence.changed', async ({ visitorId, conversationId, presence }) => {
      if (!(await this.#anySite())) return
      const audience = await this.#store.webhooks.audienceOfVisitor(visitorId)
      if (audience) await this.#announce(audience.siteId, audience.endpoints, 'presence.changed', { visitorId, conversationId, presence })
    })
    this.#on(bus, 'session.changed', async ({ conversationId, session }) => {
      if (session.state !== 'inactive' || session.inactiveReason === null || !(await this.#anySite())) return
      const audience = await this.#store.webhooks.audienceOfConversation(conversationId)
      if (!audience) return
      const data = { conversationId, visitorId: audience.visitorId, reason: session.inactiveReason, since: session.since }
      await this.#announce(audience.siteId, audience.endpoints, 'session.inactive', data)
    })
    this.#on(bus, 'message.created', async ({ message, visitorId }) => {
      if (!(await this.#anySite())) return
      const audience = await this.#store.webhooks.audienceOfConversation(message.conversationId)
      const data = { conversationId: message.conversationId, visitorId, message }
      if (audience) await this.#announce(audience.siteId, audience.endpoints, 'message.created', data)
    })
    this.#on(bus, 'conversation.updated', ({ conversation }) => this.#finished(conversation))
  }

  /** Queues a `ping` to one endpoint (enabled or not), whatever it subscribes to; returns its delivery as queued. */
  async ping(webhook: StoredWebhook): Promise<WebhookDelivery> {
    const [delivery] = await this.#deliver(webhook.siteId, [webhook], 'ping', { webhookId: webhook.id })
    return delivery!
  }

  /** Subscribes an asynchronous handler: what it throws is logged, never left unhandled. */
  #on<K extends keyof DomainEvents>(bus: EventBus, event: K, handler: (payload: DomainEvents[K]) => Promise<void>): void {
    bus.on(event, (payload) => {
      handler(payload).catch((error: unknown) => this.#log.error({ err: error, event }, 'could not queue the webhooks of an event'))
    })
  }

  /** Whether any site has an enabled endpoint: when none does, events cost no read. */
  async #anySite(): Promise<boolean> {
    return (await this.#sitesWithEndpoints()).size > 0
  }

  async #toSite<Type extends WebhookEventType>(siteId: string, type: Type, data: DataOf<Type>): Promise<void> {
    if (!(await this.#sitesWithEndpoints()).has(siteId)) return
    await this.#announce(siteId, await this.#store.webhooks.enabledOf(siteId), type, data)
  }

  /** A finish is announced when a conversation is seen finished that was not already: once per finish. */
  #finished(conversation: ConversationSummary): Promise<void> {
    const previous = this.#finishes.get(conversation.id) ?? Promise.resolve()
    const run = previous.then(async () => {
      // Without any endpoint there is nobody to tell, and no bookkeeping to pay for at every update. A
      // conversation finished meanwhile is announced as finished at its next update once endpoints exist.
      if (!(await this.#anySite())) return
      if (conversation.status !== 'finished') return this.#store.webhooks.clearFinished(conversation.id)
      if (!(await this.#store.webhooks.markFinished(conversation.id))) return
      await this.#toSite(conversation.siteId, 'conversation.finished', { conversation })
    })
    // The chain goes on after a failed step (its caller logs it): the next event still gets its turn.
    const settled = run.then(
      () => {},
      () => {},
    )
    this.#finishes.set(conversation.id, settled)
    void settled.then(() => {
      if (this.#finishes.get(conversation.id) === settled) this.#finishes.delete(conversation.id)
    })
    return run
  }

  async #announce<Type extends WebhookEventType>(
    siteId: string,
    endpoints: StoredWebhook[],
    type: Type,
    data: DataOf<Type>,
  ): Promise<void> {
    const subscribed = endpoints.filter((endpoint) => endpoint.events.includes(type))
    if (subscribed.length > 0) await this.#deliver(siteId, subscribed, type, data)
  }

  /**
   * Logs one delivery per endpoint with its fixed body, then schedules its job unless the endpoint's
   * backlog is full (the delivery is logged as failed then); returns the deliveries as logged.
   */
  async #deliver<Type extends Announced>(
    siteId: string,
    endpoints: StoredWebhook[],
    type: Type,
    data: DataOf<Type>,
  ): Promise<WebhookDelivery[]> {
    const now = this.#clock()
    const createdAt = new Date(now).toISOString()
    return Promise.all(
      endpoints.map(async (endpoint) => {
        const id = timeOrderedId(now)
        const body = JSON.stringify({ id, type, createdAt, site: siteId, data })
        const logged = await this.#store.webhooks.createDelivery({ id, endpointId: endpoint.id, event: type, body, now })
        if (logged.status === 'pending') await this.#jobs.schedule(webhookJobKind, id, now)
        return logged
      }),
    )
  }

  #sitesWithEndpoints(): Promise<Set<string>> {
    this.#sites ??= this.#store.webhooks.sitesWithEnabledEndpoints()
    const sites = this.#sites
    // A failed read is not kept: the next event reads again.
    sites.catch(() => {
      if (this.#sites === sites) this.#sites = undefined
    })
    return sites
  }
}
