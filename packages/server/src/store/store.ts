import type { Kysely } from 'kysely'
import { AgentRepository } from './agent-repository.js'
import { FollowupRepository } from './followup-repository.js'
import { ConversationRepository } from './conversation-repository.js'
import { GroupCommit } from './group-commit.js'
import { JobRepository } from './job-repository.js'
import { MessageWriter } from './message-writer.js'
import { openDatabase } from './open-database.js'
import { PresenceRepository } from './presence-repository.js'
import { ReadReceiptRepository } from './read-receipt-repository.js'
import type { Database } from './schema.js'
import { SignInAttemptRepository } from './sign-in-attempt-repository.js'
import { SiteRepository } from './site-repository.js'
import { TeamMonitoringRepository } from './team-monitoring-repository.js'
import { VerifiedUserRepository } from './verified-user-repository.js'
import { VisitorRepository } from './visitor-repository.js'
import { WebhookRepository } from './webhook-repository.js'
import { AnalyticsRepository } from './analytics-repository.js'
import { CannedResponseRepository } from './canned-response-repository.js'
import { NoteRepository } from './note-repository.js'

/**
 * Everything Porchlight keeps, one repository per aggregate. The only part of the server that knows the
 * data lives in SQLite.
 */
export class Store {
  readonly sites: SiteRepository
  readonly visitors: VisitorRepository
  readonly agents: AgentRepository
  readonly conversations: ConversationRepository
  readonly messages: MessageWriter
  readonly presence: PresenceRepository
  readonly signInAttempts: SignInAttemptRepository
  readonly followups: FollowupRepository
  readonly webhooks: WebhookRepository
  readonly jobs: JobRepository
  readonly receipts: ReadReceiptRepository
  readonly verifiedUsers: VerifiedUserRepository
  readonly teamMonitoring: TeamMonitoringRepository
  readonly notes: NoteRepository
  readonly cannedResponses: CannedResponseRepository
  readonly analytics: AnalyticsRepository
  /** Shared commits for writes that many connections make at once. */
  readonly commits: GroupCommit

  readonly #db: Kysely<Database>

  private constructor(db: Kysely<Database>, clock: () => number) {
    this.#db = db
    this.commits = new GroupCommit(db)
    this.sites = new SiteRepository(db)
    this.visitors = new VisitorRepository(db, this.commits)
    this.agents = new AgentRepository(db)
    this.receipts = new ReadReceiptRepository(db, this.commits, clock)
    this.conversations = new ConversationRepository(db, this.commits, this.receipts)
    this.presence = new PresenceRepository(db, this.commits)
    this.signInAttempts = new SignInAttemptRepository(db)
    this.followups = new FollowupRepository(db)
    this.webhooks = new WebhookRepository(db, this.commits)
    this.jobs = new JobRepository(db)
    this.verifiedUsers = new VerifiedUserRepository(db)
    this.teamMonitoring = new TeamMonitoringRepository(db)
    this.messages = new MessageWriter(this.commits, db, clock)
    this.notes = new NoteRepository(db, this.commits)
    this.cannedResponses = new CannedResponseRepository(db)
    this.analytics = new AnalyticsRepository(db)
  }

  /** Opens the store in `dataDir`, migrating the schema to the latest version. */
  static async open(dataDir: string, clock: () => number = Date.now): Promise<Store> {
    return new Store(await openDatabase(dataDir), clock)
  }

  /** Waits for pending writes, then closes the database. */
  async close(): Promise<void> {
    await this.commits.drained()
    await this.#db.destroy()
  }
}
