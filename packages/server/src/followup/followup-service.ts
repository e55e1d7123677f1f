import { limits } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import type { EventBus } from '../events/event-bus.js'
import { hashToken } from '../identity/tokens.js'
import type { Job, JobScheduler } from '../jobs/job-scheduler.js'
import { PermanentJobError } from '../jobs/permanent-job-error.js'
import { MailDeliveryError } from '../mail/mail-delivery-error.js'
import { mailboxAddress } from '../mail/mailbox-address.js'
import type { Mailer } from '../mail/mailer.js'
import type { PresenceTracker } from '../presence/presence-tracker.js'
import type { SiteConfig, SiteDirectory } from '../sites/site-directory.js'
import { replyAuthors, type FollowupContext } from '../store/followup-repository.js'
import type { Store } from '../store/store.js'
import { decideFollowup, leftReason, offReason, readReason } from './followup-decision.js'
import { renderFollowupEmail } from './followup-email.js'
import { resumeToken } from './resume-token.js'
import { returnLink } from './return-link.js'
import { unsubscribeToken } from './unsubscribe-token.js'

/** The job kind of a conversation's follow-up; the key is the conversation's id. */
export const followupJob = 'followup'

/** The most unread messages one email shows: the newest ones. */
const maxMessagesPerEmail = 20

const isReply = (author: string) => (replyAuthors as readonly string[]).includes(author)

/**
 * Follow-up emails: when an agent or bot message stays unread for the site's delay and the visitor has
 * left the chat, one email with the unread messages and a return link.
 *
 * The timer is the durable job `followup` keyed by conversation: every reply reschedules it (a newer
 * reply restarts the timer), a read past the newest reply cancels it. When it is due, {@link #run} decides
 * from the store and the visitor's live presence; a visitor still in the chat makes it `waiting` (stored),
 * and their leaving the chat (`visitor.in_chat`) runs it again after the site's offline grace (a restart:
 * once widgets had the time to reconnect).
 *
 * @example
 * ```ts
 * const followups = new FollowupService({ store, bus, jobs, sites, presence, mailer, options, secret, log })
 * await followups.restore()
 * ```
 */
export class FollowupService {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #jobs: JobScheduler
  readonly #sites: SiteDirectory
  readonly #presence: PresenceTracker
  readonly #mailer: Mailer
  readonly #options: ResolvedOptions
  readonly #secret: string
  readonly #log: FastifyBaseLogger
  #stopped = false

  constructor(context: {
    store: Store
    bus: EventBus
    jobs: JobScheduler
    sites: SiteDirectory
    presence: PresenceTracker
    mailer: Mailer
    options: ResolvedOptions
    secret: string
    log: FastifyBaseLogger
  }) {
    this.#store = context.store
    this.#bus = context.bus
    this.#jobs = context.jobs
    this.#sites = context.sites
    this.#presence = context.presence
    this.#mailer = context.mailer
    this.#options = context.options
    this.#secret = context.secret
    this.#log = context.log
    this.#jobs.handle(followupJob, (job) => this.#run(job))
    const guard = (what: string) => (error: unknown) => this.#log.error({ err: error }, `follow-up: could not ${what}`)
    this.#bus.on('conversation.created', ({ conversation, pageUrl }) => {
      if (pageUrl) this.#store.followups.setStartUrl(conversation.id, pageUrl).catch(guard('keep the start page'))
    })
    this.#bus.on('message.created', ({ message }) => {
      if (isReply(message.author)) this.#replied(message.conversationId).catch(guard('schedule'))
    })
    this.#bus.on('receipt.read', ({ conversationId, reader, seq }) => {
      if (reader.type === 'visitor') this.#read(conversationId, seq).catch(guard('cancel'))
    })
    this.#bus.on('visitor.in_chat', ({ conversationId, inChat }) => {
      if (!inChat && conversationId !== null && !this.#stopped) this.#left(conversationId).catch(guard('send after the visitor left'))
    })
  }

  /**
   * At start: follow-ups that waited for their visitor to leave the chat run again, once the widgets
   * had the time to reconnect (their longest back-off and a heartbeat) and the grace passed. This process has no
   * tab of anyone yet: running them at once would email every visitor still in the chat.
   */
  async restore(): Promise<void> {
    for (const conversationId of await this.#store.followups.waiting()) {
      const site = await this.#siteOf(conversationId)
      if (!site) continue
      const { offlineGrace, heartbeatInterval } = site.presence
      const back = limits.reconnectDelay + heartbeatInterval
      await this.#jobs.schedule(followupJob, conversationId, this.#options.clock() + back + offlineGrace)
    }
  }

  /**
   * The server is closing: the sockets it closes now are not visitors leaving the chat (they reconnect to
   * the next start, which {@link restore}s what waits for them).
   */
  stop(): void {
    this.#stopped = true
  }

  async #siteOf(conversationId: string): Promise<SiteConfig | undefined> {
    const siteId = await this.#store.followups.siteOf(conversationId)
    return siteId === undefined ? undefined : this.#sites.find(siteId)
  }

  async #replied(conversationId: string): Promise<void> {
    const site = await this.#siteOf(conversationId)
    const now = this.#options.clock()
    if (!site?.followup.enabled) {
      await this.#jobs.cancel(followupJob, conversationId)
      return this.#store.followups.setState(conversationId, 'cancelled', offReason, now)
    }
    await this.#jobs.schedule(followupJob, conversationId, now + site.followup.delay)
    await this.#store.followups.setState(conversationId, 'scheduled', null, now)
  }

  async #read(conversationId: string, seq: number): Promise<void> {
    const context = await this.#store.followups.context(conversationId)
    if (!context || seq < context.newestReplySeq) return
    // A follow-up waiting for the visitor to leave has no job to cancel, but is over all the same.
    if ((await this.#jobs.cancel(followupJob, conversationId)) || context.state === 'waiting') {
      await this.#store.followups.setState(conversationId, 'cancelled', readReason, this.#options.clock())
    }
  }

  /**
   * The visitor left the chat: the waiting follow-up goes after the site's offline grace, like their
   * presence. A reload, or a tab that reconnects, brings them back in time, and the run finds them in the
   * chat again.
   */
  async #left(conversationId: string): Promise<void> {
    if ((await this.#store.followups.state(conversationId))?.state !== 'waiting') return
    const site = await this.#siteOf(conversationId)
    if (!site) return
    const now = this.#options.clock()
    await this.#jobs.schedule(followupJob, conversationId, now + site.presence.offlineGrace)
    await this.#store.followups.setState(conversationId, 'waiting', leftReason, now)
  }

  /**
   * A due follow-up. Sends at most one email per unread burst, across retries, restarts and crashes:
   * the email's Message-ID is derived from the burst, and what was sent is recorded with the seqs it
   * carried, so a run after the record sends nothing. What stays at-least-once is the moment between
   * the SMTP server accepting the email and that record's commit: a crash there sends it again, under
   * the same Message-ID (which mail clients use to show it once).
   */
  async #run(job: Job): Promise<void> {
    const conversationId = job.key
    const context = await this.#store.followups.context(conversationId)
    if (!context) return
    const site = await this.#sites.find(context.siteId)
    if (!site) return
    const now = this.#options.clock()
    const { version } = context
    const decision = decideFollowup({
      enabled: site.followup.enabled,
      email: context.visitor.email,
      unsubscribed: context.visitor.unsubscribed,
      watermark: await this.#store.receipts.visitorWatermark(conversationId),
      coveredSeq: context.coveredSeq,
      newestReplySeq: context.newestReplySeq,
      inChat: this.#presence.inChat(context.visitor.id),
    })
    switch (decision.action) {
      case 'none':
        return
      case 'drop':
        return this.#store.followups.setState(conversationId, decision.state, decision.reason, now, version)
      case 'wait':
        return this.#store.followups.setState(conversationId, 'waiting', null, now, version)
      case 'send':
        return this.#send(context, site, decision.after, job, now)
    }
  }

  async #send(context: FollowupContext, site: SiteConfig, after: number, job: Job, now: number): Promise<void> {
    const { conversationId, visitor } = context
    const messages = await this.#store.followups.repliesAfter(conversationId, after, maxMessagesPerEmail)
    const first = messages[0]
    if (!first) return
    const host = new URL(this.#options.publicUrl).hostname
    // Named by the burst (the replies after the last email): the same on every attempt, whatever the
    // visitor reads or agents write in between.
    const messageId = `<followup.${conversationId}.after.${context.coveredSeq}@${host}>`
    const token = resumeToken(this.#secret, messageId)
    const ttl = this.#options.timings.resumeLinkTtl
    // Tokens expired a TTL ago go: until then a late click is told the link expired, not that it is unknown.
    await this.#store.followups.addResumeToken(hashToken(this.#secret, token), conversationId, now + ttl, now - ttl)
    const link = returnLink(site.followup.returnUrl, context.startUrl, site.allowedOrigins, this.#options.publicUrl, token)
    const unsubscribeUrl = `${this.#options.publicUrl}/api/visitor/unsubscribe?token=${unsubscribeToken(this.#secret, visitor.id)}`
    const email = renderFollowupEmail({ siteName: site.name, visitorName: visitor.name, messages, link, unsubscribeUrl })
    const previous = context.thread.at(-1)
    const last = messages.at(-1)!
    // Read since the decision (the panel opened in the meantime): as late as can be, the email stays unsent.
    if ((await this.#store.receipts.visitorWatermark(conversationId)) >= last.seq) {
      return this.#store.followups.setState(conversationId, 'cancelled', readReason, now, context.version)
    }
    try {
      await this.#mailer.send(
        {
          from: { name: site.followup.senderName ?? site.name, address: mailboxAddress(this.#options.mailFrom) },
          to: visitor.email!,
          replyTo: site.followup.replyTo ?? undefined,
          ...email,
          messageId,
          inReplyTo: previous,
          references: context.thread.length > 0 ? context.thread : undefined,
          headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        },
        // A send the job gave up on ends here, before its retry sends the mail again.
        job.signal,
      )
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const permanent = error instanceof MailDeliveryError && error.permanent
      if (permanent || job.attempt >= this.#options.jobs.maxAttempts) {
        await this.#store.followups.setState(conversationId, 'failed', message, now, context.version)
        this.#bus.emit('followup.failed', { conversationId, visitorId: visitor.id, siteId: site.id, error: message })
        throw permanent ? new PermanentJobError(message) : error
      }
      // Retried by the job: agents see why it has not gone yet.
      await this.#store.followups.setState(conversationId, 'scheduled', `retrying: ${message}`, now, context.version)
      throw error
    }
    // The email joins the thread whatever happened meanwhile; the state says `sent` only if nothing did.
    await this.#store.followups.recordSent(
      { messageId, conversationId, firstSeq: first.seq, lastSeq: last.seq, sentAt: this.#options.clock() },
      context.version,
    )
    this.#bus.emit('followup.sent', { conversationId, visitorId: visitor.id, siteId: site.id, messageId })
  }
}
