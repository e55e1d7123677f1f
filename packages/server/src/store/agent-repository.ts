import type { Agent } from '@porchlight/protocol'
import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

const agentColumns = ['agents.id', 'agents.email', 'agents.name', 'agents.role'] as const

/**
 * The people who answer chats, and their sessions. Emails are stored lower-cased so that sign-in ignores
 * case. Password hashes leave the store only through {@link AgentRepository.findCredentials}.
 */
export class AgentRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async count(): Promise<number> {
    const { count } = await this.#db
      .selectFrom('agents')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
    return Number(count)
  }

  async create(agent: Agent, passwordHash: string, now: number): Promise<void> {
    await this.#db
      .insertInto('agents')
      .values({
        id: agent.id,
        email: agent.email.toLowerCase(),
        name: agent.name,
        role: agent.role,
        password_hash: passwordHash,
        created_at: now,
      })
      .execute()
  }

  /** The agent with this email and their password hash, for signing in; nothing else needs the hash. */
  async findCredentials(email: string): Promise<{ agent: Agent; passwordHash: string } | undefined> {
    const row = await this.#db
      .selectFrom('agents')
      .select([...agentColumns, 'agents.password_hash'])
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst()
    if (!row) return undefined
    const { password_hash: passwordHash, ...agent } = row
    return { agent, passwordHash }
  }

  /** The agent's name, or undefined for an unknown id. */
  async nameOf(id: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('agents').select('name').where('id', '=', id).executeTakeFirst()
    return row?.name
  }

  /**
   * Replaces the agent's password hash with `next` only if it is still `current`, so that a hash made
   * from an old password cannot overwrite a password changed meanwhile. Returns whether it did.
   */
  async replacePasswordHash(agentId: string, current: string, next: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('agents')
      .set({ password_hash: next })
      .where('id', '=', agentId)
      .where('password_hash', '=', current)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.#db.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', id).execute()
  }

  /** Opens a session; `id` is the hash of the token in the agent's cookie. */
  async createSession(session: { id: string; agentId: string; createdAt: number; expiresAt: number }): Promise<void> {
    await this.#db
      .insertInto('agent_sessions')
      .values({ id: session.id, agent_id: session.agentId, created_at: session.createdAt, expires_at: session.expiresAt })
      .execute()
  }

  /** The agent whose unexpired session has this token hash. */
  async findBySession(sessionId: string, now: number): Promise<Agent | undefined> {
    return this.#db
      .selectFrom('agent_sessions')
      .innerJoin('agents', 'agents.id', 'agent_sessions.agent_id')
      .select(agentColumns)
      .where('agent_sessions.id', '=', sessionId)
      .where('agent_sessions.expires_at', '>', now)
      .executeTakeFirst()
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.#db.deleteFrom('agent_sessions').where('id', '=', sessionId).execute()
  }

  /** Signs the agent out everywhere. */
  async deleteSessionsOf(agentId: string): Promise<void> {
    await this.#db.deleteFrom('agent_sessions').where('agent_id', '=', agentId).execute()
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.#db.deleteFrom('agent_sessions').where('expires_at', '<=', now).execute()
  }
}
