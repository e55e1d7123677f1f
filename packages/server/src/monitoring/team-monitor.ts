import type { MonitoringSettings } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { EventBus } from '../events/event-bus.js'
import type { Job, JobScheduler } from '../jobs/job-scheduler.js'
import { PermanentJobError } from '../jobs/permanent-job-error.js'
import { MailDeliveryError } from '../mail/mail-delivery-error.js'
import { mailboxAddress } from '../mail/mailbox-address.js'
import type { Mailer } from '../mail/mailer.js'
import type { Store } from '../store/store.js'
import type { TeamMonitoringState } from '../store/team-monitoring-repository.js'
import { renderTeamAlert } from './team-alert-email.js'

/** The thresholds when an admin has not set them: 60 s, as the issue asks. */
export const defaultAlertAfter = 60_000

const offlineAlert = 'team.offline_alert'
const onlineAlert = 'team.online_alert'
/** One team, one pending alert of each kind. */
const key = 'team'

/** What the team monitor needs besides the store. */
export interface TeamMonitorOptions {
  clock: () => number
  log: FastifyBaseLogger
  /** The sender of emails (`MAIL_FROM`). */
  mailFrom: string
  /** The server's public URL: the inbox link, and the Message-ID's host. */
  publicUrl: string
  /** Attempts after which a mail that keeps failing is recorded as failed. */
  maxAttempts: number
}

/**
 * Team monitoring: when no agent has been online for more than `offlineAfter`, the admin-configured
 * addresses get one email for that offline episode; when the team has then been online again for more
 * than `onlineAfter`, one more. A return within `offlineAfter` sends nothing, and so does a short return
 * within an episode that alerted (the episode goes on). A return that lasts `onlineAfter` ends the
 * episode whether or not its email went out (addresses emptied meanwhile, a mail refused for good).
 *
 * Each alert is a durable job (`team.offline_alert`, `team.online_alert`), scheduled when the team's
 * availability turns and cancelled when it turns back; the episode (since when, whether it alerted) is
 * stored, so that a restart or another node carries on where this one stopped, and each run checks it
 * again before it sends.
 *
 * @example
 * ```ts
 * const monitor = new TeamMonitor(store, bus, jobs, mailer, { clock, log, mailFrom, publicUrl, maxAttempts: 8 })
 * await monitor.restore(team.online)
 * await monitor.configure({ addresses: ['ops@example.com'], offlineAfter: 60_000, onlineAfter: 60_000 })
 * ```
 */
export class TeamMonitor {
  readonly #store: Store
  readonly #jobs: JobScheduler
  readonly #mailer: Mailer
  readonly #options: TeamMonitorOptions
  /** Turns are applied one after another: each reads what the one before stored. */
  #applied: Promise<unknown> = Promise.resolve()

  constructor(store: Store, bus: EventBus, jobs: JobScheduler, mailer: Mailer, options: TeamMonitorOptions) {
    this.#store = store
    this.#jobs = jobs
    this.#mailer = mailer
    this.#options = options
    jobs.handle(offlineAlert, (job) => this.#alert('offline', job))
    jobs.handle(onlineAlert, (job) => this.#alert('online', job))
    bus.on('team.availability_changed', ({ online, at }) => void this.#turn(online, at))
  }

  /** At start: the team's availability now (nobody is online yet after a restart) continues or starts an episode. */
  async restore(online: boolean): Promise<void> {
    await this.#turn(online, this.#options.clock())
  }

  /** The settings, with the defaults filled in. */
  async settings(): Promise<MonitoringSettings> {
    return settingsOf(await this.#store.teamMonitoring.get())
  }

  /** Replaces the settings; a pending alert follows the new thresholds and addresses at once. */
  async configure(settings: { addresses: string[]; offlineAfter: number | null; onlineAfter: number | null }): Promise<MonitoringSettings> {
    await this.#serially(async () => {
      await this.#store.teamMonitoring.setSettings(settings)
      await this.#schedule(await this.#store.teamMonitoring.get())
    })
    return this.settings()
  }

  #turn(online: boolean, at: number): Promise<void> {
    return this.#serially(async () => this.#schedule(await this.#store.teamMonitoring.turned(online, at, defaultAlertAfter)))
  }

  #serially(work: () => Promise<void>): Promise<void> {
    const run = this.#applied.then(work).catch((error: unknown) => this.#options.log.error({ err: error }, 'team monitoring failed'))
    this.#applied = run
    return run
  }

  /** The one alert the episode's state calls for is pending, the other not. */
  async #schedule(state: TeamMonitoringState): Promise<void> {
    const { offlineAfter, onlineAfter } = settingsOf(state)
    const armed = state.addresses.length > 0
    if (state.offlineSince !== null) {
      await this.#jobs.cancel(onlineAlert, key)
      if (armed && !state.alerted) await this.#jobs.schedule(offlineAlert, key, state.offlineSince + offlineAfter)
      else await this.#jobs.cancel(offlineAlert, key)
    } else if (state.onlineSince !== null) {
      await this.#jobs.cancel(offlineAlert, key)
      if (armed && state.alerted) await this.#jobs.schedule(onlineAlert, key, state.onlineSince + onlineAfter)
      else await this.#jobs.cancel(onlineAlert, key)
    }
  }

  async #alert(kind: 'offline' | 'online', job: Job): Promise<void> {
    const state = await this.#store.teamMonitoring.get()
    const settings = settingsOf(state)
    const since = kind === 'offline' ? state.offlineSince : state.onlineSince
    // The episode this job was for may have ended meanwhile (on another node, or before a restart).
    if (since === null || state.alerted !== (kind === 'online') || settings.addresses.length === 0) return
    const after = kind === 'offline' ? settings.offlineAfter : settings.onlineAfter
    if (this.#options.clock() < since + after) return
    const { publicUrl, mailFrom } = this.#options
    const { subject, text, html } = renderTeamAlert({ kind, after, since, inboxUrl: `${publicUrl}/inbox` })
    try {
      await this.#mailer.send(
        {
          from: { name: 'Porchlight', address: mailboxAddress(mailFrom) },
          to: settings.addresses.join(', '),
          subject,
          text,
          html,
          // The same episode's retry keeps its id: mail clients show it once.
          messageId: `<team.${kind}.${since}@${new URL(publicUrl).hostname}>`,
        },
        job.signal,
      )
    } catch (error) {
      const permanent = error instanceof MailDeliveryError && error.permanent
      if (permanent || job.attempt >= this.#options.maxAttempts) {
        this.#options.log.error({ err: error, kind }, 'a team monitoring alert could not be sent')
      }
      throw permanent ? new PermanentJobError((error as Error).message) : error
    }
    await this.#store.teamMonitoring.setAlerted(kind === 'offline', since)
  }
}

function settingsOf(state: TeamMonitoringState): MonitoringSettings {
  return {
    addresses: state.addresses,
    offlineAfter: state.offlineAfter ?? defaultAlertAfter,
    onlineAfter: state.onlineAfter ?? defaultAlertAfter,
  }
}
