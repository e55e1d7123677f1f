import { randomUUID } from 'node:crypto'
import type { Agent, CreateAgentBody, UpdateAgentBody } from '@porchlight/protocol'
import type { ConversationWorkflow } from '../conversations/conversation-workflow.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { EventBus } from '../events/event-bus.js'
import { hashPassword, verifyPassword, type ScryptCost } from '../identity/passwords.js'
import type { Store } from '../store/store.js'

/**
 * The team's accounts: admins create, change, disable and sign out agents; an agent renames themselves
 * and changes their password. Whatever ends sessions publishes `agent.sessions_ended`, which closes the
 * agent's sockets at once; every change publishes `agent.updated`.
 *
 * @example
 * ```ts
 * const accounts = new AgentAccounts(store, bus, workflow, { clock: Date.now, passwordCost })
 * await accounts.update(agentId, { disabled: true }) // their sessions end, their sockets close, their conversations return to the queue
 * ```
 */
export class AgentAccounts {
  readonly #store: Store
  readonly #bus: EventBus
  readonly #clock: () => number
  readonly #passwordCost: ScryptCost
  readonly #workflow: ConversationWorkflow

  constructor(store: Store, bus: EventBus, workflow: ConversationWorkflow, options: { clock: () => number; passwordCost: ScryptCost }) {
    this.#store = store
    this.#bus = bus
    this.#workflow = workflow
    this.#clock = options.clock
    this.#passwordCost = options.passwordCost
  }

  /** Every agent, with their presence. */
  list(): Promise<Agent[]> {
    return this.#store.agents.list()
  }

  /** Creates an enabled agent; throws `agent_exists` when the email is taken. */
  async create(body: CreateAgentBody): Promise<Agent> {
    const id = randomUUID()
    const passwordHash = await hashPassword(body.password, this.#passwordCost)
    const created = await this.#store.agents.create(
      { id, email: body.email, name: body.name, role: body.role },
      passwordHash,
      this.#clock(),
    )
    if (!created) throw new PorchlightError('agent_exists')
    return this.#changed(id)
  }

  /**
   * Changes an agent. Disabling them or setting their password ends their sessions; disabling them also
   * returns their open conversations to the queue (unanswered, no owner). A change that would leave no
   * enabled admin is refused with `last_admin`.
   */
  async update(id: string, body: UpdateAgentBody): Promise<Agent> {
    const { password, ...changes } = body
    const passwordHash = password === undefined ? undefined : await hashPassword(password, this.#passwordCost)
    const result = await this.#store.agents.update(id, { ...changes, passwordHash })
    if (typeof result === 'string') throw new PorchlightError(result)
    if (body.disabled === true || passwordHash !== undefined) await this.logout(id)
    if (body.disabled === true) await this.#workflow.release(id)
    return this.#changed(id)
  }

  /** Ends every session of the agent (force-logout); throws `agent_not_found`. */
  async logout(id: string): Promise<void> {
    if (!(await this.#store.agents.find(id))) throw new PorchlightError('agent_not_found')
    await this.#store.agents.deleteSessionsOf(id)
    this.#bus.emit('agent.sessions_ended', { agentId: id })
  }

  /** The agent's own new name. */
  async rename(id: string, name: string): Promise<Agent> {
    const result = await this.#store.agents.update(id, { name })
    if (typeof result === 'string') throw new PorchlightError(result)
    return this.#changed(id)
  }

  /**
   * The agent's own new password, given the current one (`wrong_password` otherwise); every other session
   * of theirs ends, the one they changed it in stays.
   */
  async changePassword(id: string, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const currentHash = await this.#store.agents.passwordHash(id)
    if (currentHash === undefined) throw new PorchlightError('agent_not_found')
    if (!(await verifyPassword(currentPassword, currentHash))) throw new PorchlightError('wrong_password')
    const next = await hashPassword(newPassword, this.#passwordCost)
    // Only over the hash just checked: two changes at once cannot both win with different passwords.
    if (!(await this.#store.agents.replacePasswordHash(id, currentHash, next))) throw new PorchlightError('wrong_password')
    await this.#store.agents.deleteSessionsOf(id, sessionId)
    this.#bus.emit('agent.sessions_ended', { agentId: id, exceptSessionId: sessionId })
  }

  async #changed(id: string): Promise<Agent> {
    const agent = await this.#store.agents.find(id)
    if (!agent) throw new PorchlightError('agent_not_found')
    this.#bus.emit('agent.updated', { agent })
    return agent
  }
}
