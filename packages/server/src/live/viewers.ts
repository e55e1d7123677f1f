import type { Viewer } from '@porchlight/protocol'

/**
 * Which conversation each agent socket shows, and so who views each conversation: each agent once, by
 * name (an agent with two tabs on it stays until both leave). Pure: it holds this node's sockets and
 * says what changed; the caller publishes it.
 *
 * @example
 * ```ts
 * const viewers = new Viewers()
 * viewers.view(socket, { id: 'a1', name: 'Grace' }, 'c1') // ['c1']
 * viewers.of('c1') // [{ id: 'a1', name: 'Grace' }]
 * ```
 */
export class Viewers {
  /** By conversation: the sockets showing it, with their agent. */
  readonly #byConversation = new Map<string, Map<object, Viewer>>()
  readonly #bySocket = new Map<object, string>()

  /** The agents viewing a conversation, by name (then id: the order is the same for everyone). */
  of(conversationId: string): Viewer[] {
    const agents = new Map<string, Viewer>()
    for (const agent of this.#byConversation.get(conversationId)?.values() ?? []) agents.set(agent.id, { id: agent.id, name: agent.name })
    return [...agents.values()].sort((a, b) => (a.name === b.name ? compare(a.id, b.id) : compare(a.name, b.name)))
  }

  /** `socket` (of `agent`) shows `conversationId` now (`null`: none); returns the conversations whose viewers changed. */
  view(socket: object, agent: Viewer, conversationId: string | null): string[] {
    const before = this.#bySocket.get(socket)
    if (before === conversationId) return []
    const changed = before === undefined ? [] : this.#remove(socket, before)
    if (conversationId === null) return changed
    const was = this.#ids(conversationId)
    let sockets = this.#byConversation.get(conversationId)
    if (!sockets) this.#byConversation.set(conversationId, (sockets = new Map<object, Viewer>()))
    sockets.set(socket, agent)
    this.#bySocket.set(socket, conversationId)
    return this.#ids(conversationId) === was ? changed : [...changed, conversationId]
  }

  /** The agent's name changed; returns the conversations they view, whose viewers show it now. */
  rename(agentId: string, name: string): string[] {
    const changed: string[] = []
    for (const [conversationId, sockets] of this.#byConversation) {
      let renamed = false
      for (const [socket, agent] of sockets) {
        if (agent.id !== agentId || agent.name === name) continue
        sockets.set(socket, { id: agentId, name })
        renamed = true
      }
      if (renamed) changed.push(conversationId)
    }
    return changed
  }

  /** The socket closed; returns the conversations whose viewers changed. */
  leave(socket: object): string[] {
    const before = this.#bySocket.get(socket)
    return before === undefined ? [] : this.#remove(socket, before)
  }

  #remove(socket: object, conversationId: string): string[] {
    const was = this.#ids(conversationId)
    const sockets = this.#byConversation.get(conversationId)!
    sockets.delete(socket)
    if (sockets.size === 0) this.#byConversation.delete(conversationId)
    this.#bySocket.delete(socket)
    return this.#ids(conversationId) === was ? [] : [conversationId]
  }

  #ids(conversationId: string): string {
    return JSON.stringify(this.of(conversationId).map((agent) => agent.id))
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
