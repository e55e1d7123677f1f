import type { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEventType } from '@porchlight/protocol'
import type { Kysely, Transaction } from 'kysely'
import type { GroupCommit } from './group-commit.js'
import type { Database, WebhookDeliveryTable, WebhookEndpointTable } from './schema.js'

/** An endpoint with the secret that signs its requests (never shown after its creation). */
export interface StoredWebhook extends WebhookEndpoint {
  secret: string
}

/** The endpoints that hear about something a visitor did, with the visitor's site. */
export interface Audience {
  siteId: string
  visitorId: string
  endpoints: StoredWebhook[]
}

/** What one attempt at a delivery came to. */
export interface DeliveryAttempt {
  status: WebhookDeliveryStatus
  statusCode: number | null
  error: string | null
  at: number
}

/** The deliveries kept per endpoint: older ones that have ended are dropped as newer ones end. */
export const deliveryLogSize = 1000

/**
 * The most deliveries one endpoint may have pending: an endpoint that is down cannot pile up work
 * without bound. Beyond it, an event is logged as failed at once instead of queued.
 */
export const maxPendingDeliveries = 1000

const iso = (milliseconds: number) => new Date(milliseconds).toISOString()

const toWebhook = (row: WebhookEndpointTable): StoredWebhook => ({
  id: row.id,
  siteId: row.site_id,
  url: row.url,
  secret: row.secret,
  events: JSON.parse(row.events) as WebhookEventType[],
  enabled: row.enabled === 1,
  createdAt: iso(row.created_at),
})

const toDelivery = (row: WebhookDeliveryTable): WebhookDelivery => ({
  id: row.id,
  webhookId: row.endpoint_id,
  event: row.event as WebhookDelivery['event'],
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  lastError: row.last_error,
  body: row.body,
  createdAt: iso(row.created_at),
  lastAttemptAt: row.last_attempt_at === null ? null : iso(row.last_attempt_at),
  deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
})

/** Each site's webhook endpoints and the log of deliveries to them. */
export class WebhookRepository {
  readonly #db: Kysely<Database>
  readonly #commits: GroupCommit

  constructor(db: Kysely<Database>, commits: GroupCommit) {
    this.#db = db
    this.#commits = commits
  }

  /** Adds an endpoint unless its site has `max` already; false when it has. */
  async create(webhook: StoredWebhook, now: number, max: number): Promise<boolean> {
    // One statement, so that two admins adding at once cannot both pass the count.
    const result = await this.#db
      .insertInto('webhook_endpoints')
      .columns(['id', 'site_id', 'url', 'secret', 'events', 'enabled', 'created_at'])
      .expression(
        this.#db
          .selectNoFrom((eb) => [
            eb.val(webhook.id).as('id'),
            eb.val(webhook.siteId).as('site_id'),
            eb.val(webhook.url).as('url'),
            eb.val(webhook.secret).as('secret'),
            eb.val(JSON.stringify(webhook.events)).as('events'),
            eb.val(webhook.enabled ? 1 : 0).as('enabled'),
            eb.val(now).as('created_at'),
          ])
          .where((eb) =>
            eb(
              eb
                .selectFrom('webhook_endpoints')
                .select((count) => count.fn.countAll().as('n'))
                .where('site_id', '=', webhook.siteId),
              '<',
              max,
            ),
          ),
      )
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
  }

  /** A site's endpoints, oldest first. */
  async list(siteId: string): Promise<StoredWebhook[]> {
    const rows = await this.#db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('site_id', '=', siteId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toWebhook)
  }

  /** One endpoint; with `siteId`, only if it belongs to that site. */
  async find(id: string, siteId?: string): Promise<StoredWebhook | undefined> {
    let query = this.#db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id)
    if (siteId !== undefined) query = query.where('site_id', '=', siteId)
    const row = await query.executeTakeFirst()
    return row && toWebhook(row)
  }

  /** Changes what is given of a site's endpoint; the endpoint as it is now, or undefined if there is none. */
  async update(
    siteId: string,
    id: string,
    patch: Partial<Pick<StoredWebhook, 'url' | 'events' | 'enabled' | 'secret'>>,
  ): Promise<StoredWebhook | undefined> {
    const row = await this.#db
      .updateTable('webhook_endpoints')
      .set({
        ...(patch.url !== undefined && { url: patch.url }),
        ...(patch.events !== undefined && { events: JSON.stringify(patch.events) }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled ? 1 : 0 }),
        ...(patch.secret !== undefined && { secret: patch.secret }),
      })
      .where('id', '=', id)
      .where('site_id', '=', siteId)
      .returningAll()
      .executeTakeFirst()
    return row && toWebhook(row)
  }

  /** Deletes a site's endpoint and its log; false if there was none. */
  async remove(siteId: string, id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('webhook_endpoints').where('id', '=', id).where('site_id', '=', siteId).executeTakeFirst()
    return Number(result.numDeletedRows) === 1
  }

  /** The sites that have at least one enabled endpoint. */
  async sitesWithEnabledEndpoints(): Promise<Set<string>> {
    const rows = await this.#db.selectFrom('webhook_endpoints').select('site_id').distinct().where('enabled', '=', 1).execute()
    return new Set(rows.map((row) => row.site_id))
  }

  /** A site's enabled endpoints. */
  async enabledOf(siteId: string): Promise<StoredWebhook[]> {
    const rows = await this.#db.selectFrom('webhook_endpoints').selectAll().where('site_id', '=', siteId).where('enabled', '=', 1).execute()
    return rows.map(toWebhook)
  }

  /** The enabled endpoints of a visitor's site; undefined for an unknown visitor. */
  async audienceOfVisitor(visitorId: string): Promise<Audience | undefined> {
    const visitor = await this.#db.selectFrom('visitors').select('site_id').where('id', '=', visitorId).executeTakeFirst()
    return visitor && { siteId: visitor.site_id, visitorId, endpoints: await this.enabledOf(visitor.site_id) }
  }

  /** The enabled endpoints of a conversation's site, with its visitor; undefined for an unknown conversation. */
  async audienceOfConversation(conversationId: string): Promise<Audience | undefined> {
    const conversation = await this.#db
      .selectFrom('conversations')
      .select(['site_id', 'visitor_id'])
      .where('id', '=', conversationId)
      .executeTakeFirst()
    return (
      conversation && {
        siteId: conversation.site_id,
        visitorId: conversation.visitor_id,
        endpoints: await this.enabledOf(conversation.site_id),
      }
    )
  }

  /**
   * Logs a new delivery: pending, or failed at once with a "backlog full" error when its endpoint has
   * `maxPending` pending already (the admin sees it in the log). Resolves with the delivery as logged. In
   * a shared commit: a message that many endpoints hear about, and the messages around it, pay for one.
   */
  createDelivery(
    delivery: { id: string; endpointId: string; event: string; body: string; now: number },
    maxPending = maxPendingDeliveries,
  ): Promise<WebhookDelivery> {
    return this.#commits.run(async (trx) => {
      const backlog = await trx
        .selectFrom((eb) =>
          eb
            .selectFrom('webhook_deliveries')
            .select('id')
            .where('endpoint_id', '=', delivery.endpointId)
            .where('status', '=', 'pending')
            .limit(maxPending)
            .as('pending'),
        )
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      const full = Number(backlog.n) >= maxPending
      const row: WebhookDeliveryTable = {
        id: delivery.id,
        endpoint_id: delivery.endpointId,
        event: delivery.event,
        body: delivery.body,
        status: full ? 'failed' : 'pending',
        attempts: 0,
        last_status_code: null,
        last_error: full ? `backlog full: ${maxPending} deliveries to this endpoint are still pending, so this event was not queued` : null,
        created_at: delivery.now,
        last_attempt_at: null,
        delivered_at: null,
      }
      await trx.insertInto('webhook_deliveries').values(row).execute()
      // A delivery that ended counts towards the log's size like any other.
      if (full) await this.#prune(trx, delivery.endpointId)
      return toDelivery(row)
    })
  }

  /** One delivery, with the endpoint it goes to. */
  async delivery(id: string): Promise<WebhookDelivery | undefined> {
    const row = await this.#db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toDelivery(row)
  }

  /**
   * Records an attempt at a pending delivery; false if it was no longer pending (nothing is changed then).
   * One that ends it makes the endpoint drop its oldest ended deliveries beyond {@link deliveryLogSize}.
   */
  async recordAttempt(id: string, attempt: DeliveryAttempt): Promise<boolean> {
    return this.#commits.run(async (trx) => {
      const row = await trx
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: attempt.status,
          attempts: eb('attempts', '+', 1),
          last_status_code: attempt.statusCode,
          last_error: attempt.error,
          last_attempt_at: attempt.at,
          ...(attempt.status === 'delivered' && { delivered_at: attempt.at }),
        }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returning('endpoint_id')
        .executeTakeFirst()
      if (row && attempt.status !== 'pending') await this.#prune(trx, row.endpoint_id)
      return row !== undefined
    })
  }

  async #prune(trx: Transaction<Database>, endpointId: string): Promise<void> {
    await trx
      .deleteFrom('webhook_deliveries')
      .where('endpoint_id', '=', endpointId)
      .where('status', '!=', 'pending')
      .where('id', '<', (eb) =>
        eb
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('endpoint_id', '=', endpointId)
          .orderBy('id', 'desc')
          .limit(1)
          .offset(deliveryLogSize - 1),
      )
      .execute()
  }

  /** An endpoint's deliveries, newest first. */
  async deliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toDelivery)
  }

  /** Notes a conversation as finished; true if it was not already (this finish is new). */
  async markFinished(conversationId: string): Promise<boolean> {
    const result = await this.#db
      .insertInto('webhook_finished_conversations')
      .values({ conversation_id: conversationId })
      .onConflict((conflict) => conflict.column('conversation_id').doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
  }

  /** Notes a conversation as not finished (reopened), so that its next finish is new. */
  async clearFinished(conversationId: string): Promise<void> {
    await this.#db.deleteFrom('webhook_finished_conversations').where('conversation_id', '=', conversationId).execute()
  }
}
