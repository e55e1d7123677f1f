import { cannedQuery } from './canned-search.js'

/** How often at most an agent's `typing` frame goes out while they type (the contract's pacing). */
export const typingInterval = 2_000

/**
 * Paces the agent's typing frames for one conversation: `active: true` at most once every 2 s while the
 * reply has text, `active: false` once when it empties or is sent. A `/` canned-response command is not
 * typing: the agent is searching, not writing to the visitor.
 */
export class TypingPacer {
  readonly #send: (active: boolean) => void
  readonly #now: () => number
  #lastActive = -Infinity

  constructor(send: (active: boolean) => void, now: () => number = Date.now) {
    this.#send = send
    this.#now = now
  }

  /** The reply's text changed. */
  input(text: string): void {
    if (text.trim() === '' || cannedQuery(text) !== null) return this.stop()
    if (this.#now() - this.#lastActive < typingInterval) return
    this.#lastActive = this.#now()
    this.#send(true)
  }

  /** The reply was sent, emptied or left: tell the others once that typing stopped. */
  stop(): void {
    if (this.#lastActive === -Infinity) return
    this.#lastActive = -Infinity
    this.#send(false)
  }
}
