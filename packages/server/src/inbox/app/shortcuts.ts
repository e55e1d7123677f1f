import { useEffect } from 'preact/hooks'

/** The inbox's keyboard shortcuts, for the help overlay and the handler alike. */
export const shortcuts = [
  { keys: ['j', 'Alt+↓'], does: 'Next conversation' },
  { keys: ['k', 'Alt+↑'], does: 'Previous conversation' },
  { keys: ['t'], does: 'Take the conversation' },
  { keys: ['f'], does: 'Finish the conversation' },
  { keys: ['r'], does: 'Write a reply' },
  { keys: ['q'], does: 'Search conversations' },
  { keys: ['?'], does: 'Show these shortcuts' },
] as const

/** What a shortcut does. */
export type ShortcutAction = 'next' | 'previous' | 'take' | 'finish' | 'reply' | 'search' | 'help'

/** Whether the key went to a field the person is typing in: shortcuts must not steal their letters. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    target instanceof HTMLInputElement
  )
}

/** The action of a key press, if it is a shortcut and nobody is typing. */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || typing(event.target)) return null
  if (event.altKey) return event.key === 'ArrowDown' ? 'next' : event.key === 'ArrowUp' ? 'previous' : null
  const actions: Record<string, ShortcutAction> = { j: 'next', k: 'previous', t: 'take', f: 'finish', r: 'reply', q: 'search', '?': 'help' }
  return actions[event.key] ?? null
}

/** Calls `run` with the action of every shortcut pressed while the component is mounted. */
export function useShortcuts(run: (action: ShortcutAction) => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event)
      if (!action) return
      event.preventDefault()
      run(action)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [run])
}
