import { typingPace } from '@porchlight/protocol'

/** Who is typing, as the other side said: set on every frame, cleared by itself. */
export interface TypingIndicator {
  /** A typing frame arrived: `name` is typing (`active`), or stopped. */
  set(active: boolean, name: string): void
  /** Nobody is typing any more (their message arrived, or the client shuts down). */
  clear(): void
}

/**
 * Holds the name of whoever is typing, for an indicator: it clears `typingPace.clearAfter` (6 s) after
 * the last `active: true` (a stop may never come: a closed tab sends none), or at once on a stop or
 * {@link TypingIndicator.clear}. `changed` is called with the name, or `null`, when it changes.
 *
 * @example
 * ```ts
 * const indicator = createTypingIndicator((name) => (label.textContent = name ? `${name} is typing…` : ''))
 * indicator.set(true, 'Grace')
 * ```
 */
export function createTypingIndicator(changed: (name: string | null) => void): TypingIndicator {
  let shown: string | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  const show = (name: string | null) => {
    clearTimeout(timer)
    if (name !== null) timer = setTimeout(show, typingPace.clearAfter, null)
    if (name !== shown) changed((shown = name))
  }
  return { set: (active, name) => show(active ? name : null), clear: () => show(null) }
}
