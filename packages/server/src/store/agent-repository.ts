import type { Agent, AgentPresenceState, AgentRole } from '@porchlight/protocol'
import type { Kysely, Selectable } from 'kysely'
import type { AgentTable, Database } from './schema.js'

const agentColumns = [
  'agents.id',
  'agents.email',
  'agents.name',
  'agents.role',
  'agents.disabled',
  'agents.presence_state',
  'agents.presence_since',
] as const

type AgentRow = Pick<Selectable<AgentTable>, 'id' | 'email' | 'name' | 'role' | 'disabled' | 'presence_state' | 'presence_since'>

const toAgent = (row: AgentRow): Agent => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  disabled: row.disabled === 1,
  presence: { state: row.presence_state, since: new Date(row.presence_since).toISOString() },
})

/** A new agent: who they are; they start enabled and offline. */
export interface NewAgent {
  id: string
  email: string
  name: string
  role: AgentRole
}

/** What {@link AgentRepository.update} changes; an undefined field keeps its value. */
export interface AgentChanges {
  email?: string
  name?: string
  role?: AgentRole
  disabled?: boolean
  passwordHash?: string
}

/** Why {@link AgentRepository.update} changed nothing. */
export type AgentUpdateRefusal = 'agent_not_found' | 'agent_exists' | 'last_admin'

/** An agent whose presence is stored as online or away, for a start to settle. */
export interface PresentAgent {
  agentId: string
  state: AgentPresenceState
}

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

  /** Creates an agent, enabled and offline since `now`; false when another agent has the email. */
  async create(agent: NewAgent, passwordHash: string, now: number): Promise<boolean> {
    const result = await this.#db
      .insertInto('agents')
      .values({
        id: agent.id,
        email: agent.email.toLowerCase(),
        name: agent.name,
        role: agent.role,
        password_hash: passwordHash,
        created_at: now,
        presence_since: now,
      })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .executeTakeFirst()
    return result.numInsertedOrUpdatedRows === 1n
  }

  /** Every agent, by name. */
  async list(): Promise<Agent[]> {
    const rows = await this.#db.selectFrom('agents').select(agentColumns).orderBy('name').orderBy('id').execute()
    return rows.map(toAgent)
  }

  async find(id: string): Promise<Agent | undefined> {
    const row = await this.#db.selectFrom('agents').select(agentColumns).where('id', '=', id).executeTakeFirst()
    return row && toAgent(row)
  }

  /**
   * Applies the changes in one transaction, so that two admins demoting each other at once cannot leave
   * the team without an enabled admin: a change that would is refused (`last_admin`), like an email
   * another agent has (`agent_exists`).
   */
  async update(id: string, changes: AgentChanges): Promise<Agent | AgentUpdateRefusal> {
    return this.#db
      .transaction()
      .execute(async (trx) => {
        const before = await trx.selectFrom('agents').select(['role', 'disabled']).where('id', '=', id).executeTakeFirst()
        if (!before) return 'agent_not_found'
        if (changes.email !== undefined) {
          const taken = await trx
            .selectFrom('agents')
            .select('id')
            .where('email', '=', changes.email.toLowerCase())
            .where('id', '!=', id)
            .executeTakeFirst()
          if (taken) return 'agent_exists'
        }
        const columns = Object.fromEntries(
          Object.entries({
            email: changes.email?.toLowerCase(),
            name: changes.name,
            role: changes.role,
            disabled: changes.disabled === undefined ? undefined : Number(changes.disabled),
            password_hash: changes.passwordHash,
          }).filter(([, value]) => value !== undefined),
        )
        if (Object.keys(columns).length > 0) await trx.updateTable('agents').set(columns).where('id', '=', id).execute()
        const wasEnabledAdmin = before.role === 'admin' && before.disabled === 0
        if (wasEnabledAdmin) {
          const { count } = await trx
            .selectFrom('agents')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('role', '=', 'admin')
            .where('disabled', '=', 0)
            .executeTakeFirstOrThrow()
          // Throwing rolls the transaction back.
          if (Number(count) === 0) throw new LastAdmin()
        }
        const row = await trx.selectFrom('agents').select(agentColumns).where('id', '=', id).executeTakeFirstOrThrow()
        return toAgent(row)
      })
      .catch((error: unknown) => {
        if (error instanceof LastAdmin) return 'last_admin' as const
        throw error
      })
  }

  /** The agent's password hash, to check their current password. */
  async passwordHash(id: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('agents').select('password_hash').where('id', '=', id).executeTakeFirst()
    return row?.password_hash
  }

  /** Records an agent's presence, the stored copy that every node reads. */
  async setPresence(id: string, state: AgentPresenceState, since: number): Promise<void> {
    await this.#db.updateTable('agents').set({ presence_state: state, presence_since: since }).where('id', '=', id).execute()
  }

  /** Whether at least one enabled agent is online: the team's availability. */
  async anyOnline(): Promise<boolean> {
    const row = await this.#db
      .selectFrom('agents')
      .select('id')
      .where('presence_state', '=', 'online')
      .where('disabled', '=', 0)
      .executeTakeFirst()
    return row !== undefined
  }

  /** The agents stored as online or away: what a stopped server left behind. */
  async notOffline(): Promise<PresentAgent[]> {
    const rows = await this.#db.selectFrom('agents').select(['id', 'presence_state']).where('presence_state', '!=', 'offline').execute()
    return rows.map((row) => ({ agentId: row.id, state: row.presence_state }))
  }

  /** The agent with this email and their password hash, for signing in; nothing else needs the hash. */
  async findCredentials(email: string): Promise<{ agent: Agent; passwordHash: string } | undefined> {
    const row = await this.#db
      .selectFrom('agents')
      .select([...agentColumns, 'agents.password_hash'])
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst()
    if (!row) return undefined
    return { agent: toAgent(row), passwordHash: row.password_hash }
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

  /** The enabled agent whose unexpired session has this token hash. */
  async findBySession(sessionId: string, now: number): Promise<Agent | undefined> {
    const row = await this.#db
      .selectFrom('agent_sessions')
      .innerJoin('agents', 'agents.id', 'agent_sessions.agent_id')
      .select(agentColumns)
      .where('agent_sessions.id', '=', sessionId)
      .where('agent_sessions.expires_at', '>', now)
      .where('agents.disabled', '=', 0)
      .executeTakeFirst()
    return row && toAgent(row)
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.#db.deleteFrom('agent_sessions').where('id', '=', sessionId).execute()
  }

  /** Signs the agent out everywhere, or everywhere but the session `except`. */
  async deleteSessionsOf(agentId: string, except?: string): Promise<void> {
    let query = this.#db.deleteFrom('agent_sessions').where('agent_id', '=', agentId)
    if (except !== undefined) query = query.where('id', '!=', except)
    await query.execute()
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.#db.deleteFrom('agent_sessions').where('expires_at', '<=', now).execute()
  }
}

/** Thrown inside {@link AgentRepository.update}'s transaction to roll it back. */
class LastAdmin extends Error {}
