import type { Ref } from 'preact'

/** Props of {@link Launcher}. */
export interface LauncherProps {
  open: boolean
  /** Replies the visitor has not seen: shown on the button, and said in its name. */
  unread: number
  /** Hidden while nobody is online, when the site asks for it. */
  hidden: boolean
  buttonRef: Ref<HTMLButtonElement>
  onOpen: () => void
}

/**
 * The round button that opens the chat. Its name, "Open chat", is part of the public DOM contract; with
 * unread replies it says how many ("Open chat, 2 unread"), and a badge shows the count.
 */
export function Launcher({ open, unread, hidden, buttonRef, onOpen }: LauncherProps) {
  return (
    <button
      class="launcher"
      hidden={hidden}
      type="button"
      aria-label={unread ? `Open chat, ${unread} unread` : 'Open chat'}
      aria-haspopup="dialog"
      aria-expanded={open}
      ref={buttonRef}
      onClick={onOpen}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
      </svg>
      {unread > 0 && <span class="badge">{unread}</span>}
    </button>
  )
}
