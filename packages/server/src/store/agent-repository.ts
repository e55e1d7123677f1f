import type { Kysely } from 'kysely'
import type { AgentTable, Database } from './schema.js'

/** The people who answer chats. Emails are stored lower-cased so that sign-in ignores case. */
export class AgentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const { count } = await this.db
      .selectFrom('agents')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
    return Number(count)
  }

  async create(agent: AgentTable): Promise<void> {
    await this.db
      .insertInto('agents')
      .values({ ...agent, email: agent.email.toLowerCase() })
      .execute()
  }

  async findByEmail(email: string): Promise<AgentTable | undefined> {
    return this.db.selectFrom('agents').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', id).execute()
  }

  /** Opens a session; `id` is the hash of the token in the agent's cookie. */
  async createSession(session: { id: string; agent_id: string; created_at: number; expires_at: number }) {
    await this.db.insertInto('agent_sessions').values(session).execute()
  }

  /** The agent whose unexpired session has this token hash. */
  async findBySession(sessionId: string, now: number): Promise<AgentTable | undefined> {
    return this.db
      .selectFrom('agent_sessions')
      .innerJoin('agents', 'agents.id', 'agent_sessions.agent_id')
      .selectAll('agents')
      .where('agent_sessions.id', '=', sessionId)
      .where('agent_sessions.expires_at', '>', now)
      .executeTakeFirst()
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('agent_sessions').where('id', '=', sessionId).execute()
  }

  /** Signs the agent out everywhere. */
  async deleteSessionsOf(agentId: string): Promise<void> {
    await this.db.deleteFrom('agent_sessions').where('agent_id', '=', agentId).execute()
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.db.deleteFrom('agent_sessions').where('expires_at', '<=', now).execute()
  }
}
