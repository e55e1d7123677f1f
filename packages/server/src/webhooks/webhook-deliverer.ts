import type { WebhookOptions } from '../config/options.js'
import type { Job, JobScheduler } from '../jobs/job-scheduler.js'
import { PermanentJobError } from '../jobs/permanent-job-error.js'
import type { Store } from '../store/store.js'
import { sendWebhook } from './send-webhook.js'
import { webhookJobKind } from './webhook-dispatcher.js'

/**
 * Runs the `webhook` jobs: sends the logged delivery's fixed body, signed at the time of this attempt,
 * and records the attempt in the log. A 2xx delivers it; what may work later (408, 429, 5xx, a network
 * error, no answer in time) is retried by the job scheduler with back-off, until its last attempt; what
 * will not (another answer, a refused address) fails at once.
 *
 * @example
 * ```ts
 * new WebhookDeliverer(store, jobs, { webhooks: options.webhooks, maxAttempts: options.jobs.maxAttempts, clock })
 * ```
 */
export class WebhookDeliverer {
  readonly #store: Store
  readonly #webhooks: WebhookOptions
  readonly #maxAttempts: number
  readonly #clock: () => number

  constructor(
    store: Store,
    jobs: Pick<JobScheduler, 'handle'>,
    options: { webhooks: WebhookOptions; maxAttempts: number; clock: () => number },
  ) {
    this.#store = store
    this.#webhooks = options.webhooks
    this.#maxAttempts = options.maxAttempts
    this.#clock = options.clock
    jobs.handle(webhookJobKind, (job) => this.#attempt(job))
  }

  async #attempt(job: Job): Promise<void> {
    const delivery = await this.#store.webhooks.delivery(job.key)
    // Gone with its endpoint, or already ended (a run whose outcome was recorded but not its job's).
    if (!delivery || delivery.status !== 'pending') return
    const webhook = await this.#store.webhooks.find(delivery.webhookId)
    if (!webhook) return
    const at = this.#clock()
    const outcome = await sendWebhook(
      {
        url: webhook.url,
        secret: webhook.secret,
        deliveryId: delivery.id,
        event: delivery.event,
        body: delivery.body,
        timestamp: Math.floor(at / 1000),
      },
      { ...this.#webhooks, signal: job.signal },
    )
    const givingUp = outcome.result === 'failed' || (outcome.result === 'retry' && job.attempt >= this.#maxAttempts)
    const status = outcome.result === 'delivered' ? 'delivered' : givingUp ? 'failed' : 'pending'
    await this.#store.webhooks.recordAttempt(delivery.id, { status, statusCode: outcome.statusCode, error: outcome.error, at })
    if (status === 'failed') throw new PermanentJobError(outcome.error ?? 'failed')
    if (status === 'pending') throw new Error(outcome.error ?? 'not delivered')
  }
}
