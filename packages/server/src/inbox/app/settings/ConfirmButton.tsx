import { useId, useRef } from 'preact/hooks'

/** Props of {@link ConfirmButton}. */
export interface ConfirmButtonProps {
  /** The button's text ("Sign out"). */
  children: string
  /** Its accessible name when the text alone is ambiguous in a list ("Sign out Bob"). */
  label?: string
  /** The question, naming what happens ("Sign Bob out of every session?"). */
  question: string
  /** The confirming button's text. */
  confirm: string
  disabled?: boolean
  onConfirm: () => void
}

/**
 * A button for a move that cannot be undone: it asks first, in a modal dialog (the browser's own
 * `<dialog>`, which keeps focus inside and closes on Escape), with Cancel first so that Enter does no harm.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const id = useId()
  return (
    <>
      <button
        type="button"
        class="secondary"
        aria-label={props.label}
        disabled={props.disabled}
        onClick={() => {
          // The last answer stays in returnValue: Escape this time must not repeat it.
          if (!dialog.current) return
          dialog.current.returnValue = ''
          dialog.current.showModal()
        }}
      >
        {props.children}
      </button>
      <dialog
        ref={dialog}
        class="confirm"
        aria-labelledby={id}
        onClose={() => {
          if (dialog.current?.returnValue === 'confirm') props.onConfirm()
        }}
      >
        <form method="dialog">
          <p id={id}>{props.question}</p>
          <button type="submit" value="cancel" class="secondary">
            Cancel
          </button>
          <button type="submit" value="confirm">
            {props.confirm}
          </button>
        </form>
      </dialog>
    </>
  )
}
