import type { preHandlerAsyncHookHandler } from 'fastify'
import type { FastifyBaseLogger } from 'fastify'
import { agentAuthenticator } from './auth/agent-session.js'
import type { ResolvedOptions } from './config/options.js'
import { ConversationService } from './conversations/conversation-service.js'
import { ConversationSummaries } from './conversations/conversation-summaries.js'
import { ConversationWorkflow } from './conversations/conversation-workflow.js'
import { SessionTracker } from './conversations/session-tracker.js'
import { EventBus } from './events/event-bus.js'
import { FollowupService } from './followup/followup-service.js'
import { loadServerSecret } from './identity/server-secret.js'
import { VisitorIdentities } from './identity/visitor-identities.js'
import { JobScheduler } from './jobs/job-scheduler.js'
import { LiveService } from './live/live-service.js'
import { Mailer } from './mail/mailer.js'
import { PresenceTracker } from './presence/presence-tracker.js'
import { SiteDirectory } from './sites/site-directory.js'
import { ReadReceipts } from './receipts/read-receipts.js'
import { Store } from './store/store.js'
import { AgentAccounts } from './team/agent-accounts.js'
import { AgentPresenceTracker } from './team/agent-presence-tracker.js'
import { TeamAvailability } from './team/team-availability.js'
import { TeamMonitor } from './monitoring/team-monitor.js'
import { WebhookDeliverer } from './webhooks/webhook-deliverer.js'
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js'

/**
 * The server's features, built once and wired through their constructors and the event bus (each
 * subscribes to what it needs; none calls another through a closure). The routes and sockets are thin
 * shells around these.
 *
 * @example
 * ```ts
 * const services = await Services.start(resolveOptions({ dataDir: './data' }), app.log)
 * app.addHook('onClose', () => services.stop())
 * ```
 */
export class Services {
  readonly options: ResolvedOptions
  readonly store: Store
  readonly secret: string
  readonly bus: EventBus
  readonly sites: SiteDirectory
  readonly presence: PresenceTracker
  readonly sessions: SessionTracker
  readonly summaries: ConversationSummaries
  readonly conversations: ConversationService
  /** Take, finish, priority, tags and group. */
  readonly workflow: ConversationWorkflow
  readonly identities: VisitorIdentities
  /** Durable jobs: features register their handlers in their constructors; it starts at the end of {@link start}. */
  readonly jobs: JobScheduler
  readonly receipts: ReadReceipts
  readonly mailer: Mailer
  readonly followups: FollowupService
  readonly webhooks: WebhookDispatcher
  /** Typing and who views which conversation: live, never stored. */
  readonly live: LiveService
  readonly authenticate: preHandlerAsyncHookHandler
  readonly agents: AgentAccounts
  readonly agentPresence: AgentPresenceTracker
  /** Whether at least one agent is online: visitors are told, and monitoring alerts on it. */
  readonly team: TeamAvailability
  readonly monitor: TeamMonitor

  private constructor(options: ResolvedOptions, store: Store, log: FastifyBaseLogger) {
    const { clock, timings } = options
    this.options = options
    this.store = store
    this.secret = loadServerSecret(options.dataDir, options.secret)
    this.bus = new EventBus(log)
    this.sites = new SiteDirectory(store, this.bus, { serverSecret: this.secret, defaults: timings, clock, log })
    this.jobs = new JobScheduler(store.jobs, { ...options.jobs, clock, log })
    this.webhooks = new WebhookDispatcher(store, this.bus, this.jobs, { clock, log })
    // It registers the handler of `webhook` jobs, which is all the rest of the server needs of it.
    new WebhookDeliverer(store, this.jobs, { webhooks: options.webhooks, maxAttempts: options.jobs.maxAttempts, clock })
    this.presence = new PresenceTracker(store, this.bus, this.sites, clock, log)
    this.sessions = new SessionTracker(store, this.bus, this.presence, { sites: this.sites, clock, log })
    this.summaries = new ConversationSummaries(store, this.presence)
    this.conversations = new ConversationService(store, this.bus, this.summaries)
    this.workflow = new ConversationWorkflow(store, this.bus, this.summaries, clock)
    this.identities = new VisitorIdentities(store, this.bus, this.summaries, this.sites, { secret: this.secret, clock })
    this.receipts = new ReadReceipts(store, this.bus)
    this.mailer = new Mailer({ smtpUrl: options.smtpUrl, dataDir: options.dataDir }, log)
    const { bus, jobs, sites, presence, mailer, secret } = this
    this.followups = new FollowupService({ store, bus, jobs, sites, presence, mailer, options, secret, log })
    this.authenticate = agentAuthenticator(store, this.secret, clock)
    this.agents = new AgentAccounts(store, bus, this.workflow, { clock, passwordCost: options.passwordCost })
    this.agentPresence = new AgentPresenceTracker(store, bus, { clock, log, timings })
    this.team = new TeamAvailability(store, bus, { clock, log })
    this.monitor = new TeamMonitor(store, bus, jobs, mailer, {
      clock,
      log,
      mailFrom: options.mailFrom,
      publicUrl: options.publicUrl,
      maxAttempts: options.jobs.maxAttempts,
    })
    this.live = new LiveService(store, this.bus, clock)
  }

  /**
   * Opens the store and brings back what a stopped server held in memory: visitors it left online turn
   * offline after the grace unless they return, and every active session's inactivity timer runs again.
   * Then due jobs start running, once every feature has registered its handlers.
   */
  static async start(options: ResolvedOptions, log: FastifyBaseLogger): Promise<Services> {
    const store = await Store.open(options.dataDir, options.clock)
    const services = new Services(options, store, log)
    await store.sites.ensure('default', 'Default site', options.clock())
    await services.presence.restore()
    await services.sessions.restore()
    await services.followups.restore()
    await services.agentPresence.restore()
    await services.team.restore()
    await services.monitor.restore(services.team.online)
    services.jobs.start()
    return services
  }

  /**
   * Stops the timers (what they would still decide is left to the next start), waits for the jobs that
   * are running, and closes the store.
   */
  async stop(): Promise<void> {
    await this.jobs.stop()
    this.presence.stop()
    this.agentPresence.stop()
    this.sessions.stop()
    this.mailer.close()
    await this.store.close()
  }
}
