/** An unsent reply and the id its sending keeps across retries. */
interface Draft {
  text: string
  clientId: string
}

/**
 * Unsent replies by conversation, for the page's life: moving to another conversation keeps a draft.
 * Each draft has one `clientId` from its first character until it is sent or emptied, so a retry after a
 * lost response is the same message to the server, which stores it once.
 *
 * @example
 * const drafts = new Drafts()
 * drafts.edit('c1', 'Hello')
 * await post({ text: drafts.text('c1'), clientId: drafts.clientId('c1') }) // failed? the retry sends the same id
 * drafts.edit('c1', '') // sent
 */
export class Drafts {
  readonly #drafts = new Map<string, Draft>()
  readonly #newId: () => string

  constructor(newId: () => string = () => crypto.randomUUID()) {
    this.#newId = newId
  }

  /** The reply typed so far in a conversation ('' when none). */
  text(conversationId: string): string {
    return this.#drafts.get(conversationId)?.text ?? ''
  }

  /** The id that sending this draft uses, every time until it is sent; undefined without a draft. */
  clientId(conversationId: string): string | undefined {
    return this.#drafts.get(conversationId)?.clientId
  }

  /** The reply changed; emptying it (or sending it) ends the draft and its id. */
  edit(conversationId: string, text: string): void {
    if (text === '') {
      this.#drafts.delete(conversationId)
      return
    }
    const clientId = this.#drafts.get(conversationId)?.clientId ?? this.#newId()
    this.#drafts.set(conversationId, { text, clientId })
  }
}
