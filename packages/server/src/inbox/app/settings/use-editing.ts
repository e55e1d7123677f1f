import { useCallback, useRef, useState } from 'preact/hooks'

/** Which row of a list is open in its edit form; see {@link useEditing}. */
export interface Editing {
  id: string | null
  /** Opens row `id`'s form; `opener` (its Edit button) gets the focus back when the form closes. */
  open: (id: string, opener: HTMLElement) => void
  close: () => void
}

/**
 * The row of a list being edited, for a form below the list: closing it gives the keyboard back to the
 * Edit button that opened it, not to the top of the page.
 *
 * @example
 * ```tsx
 * const editing = useEditing()
 * <button onClick={(event) => editing.open(agent.id, event.currentTarget)}>Edit</button>
 * ```
 */
export function useEditing(): Editing {
  const [id, setId] = useState<string | null>(null)
  const opener = useRef<HTMLElement | null>(null)
  const open = useCallback((next: string, button: HTMLElement) => {
    opener.current = button
    setId(next)
  }, [])
  const close = useCallback(() => {
    setId(null)
    opener.current?.focus()
  }, [])
  return { id, open, close }
}
