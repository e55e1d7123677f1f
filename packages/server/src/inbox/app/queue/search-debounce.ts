/** How long the search box waits for a pause in the typing before it asks the server. */
export const searchPause = 250

/**
 * The search box's query, settled: what was typed, trimmed, once `searchPause` ms pass without a
 * keystroke, so that typing a word sends one query, not one per key; '' (no search) under the server's
 * two characters.
 *
 * @example
 * const debounce = new SearchDebounce(setSearch)
 * debounce.push('jan') // setSearch('jan') 250 ms later, unless another push comes first
 */
export class SearchDebounce {
  readonly #settle: (query: string) => void
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(settle: (query: string) => void) {
    this.#settle = settle
  }

  /** The box's text changed. */
  push(typed: string): void {
    this.cancel()
    const query = typed.trim()
    this.#timer = setTimeout(() => this.#settle(query.length >= 2 ? query : ''), searchPause)
  }

  /** The box is gone: nothing settles any more. */
  cancel(): void {
    clearTimeout(this.#timer)
  }
}
