import { useCallback, useState } from 'preact/hooks'
import { Modal } from '../Modal.js'

/** Props of {@link ConfirmButton}. */
export interface ConfirmButtonProps {
  /** The button's text ("Force sign-out"). */
  children: string
  /** Its accessible name when the text alone is ambiguous in a list ("Force sign-out of Bob"). */
  label?: string
  /** The dialog's heading, naming the move ("Force sign-out of Bob?"). */
  title: string
  /** What happens, in a sentence. */
  question: string
  /** The confirming button's text. */
  confirm: string
  disabled?: boolean
  onConfirm: () => void
}

/**
 * A button for a move that cannot be undone: it asks first, in the inbox's modal dialog (focus stays
 * inside, Escape cancels), with Cancel first so that Enter does no harm.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false)
  const cancel = useCallback(() => setAsking(false), [])
  return (
    <>
      <button type="button" class="secondary" aria-label={props.label} disabled={props.disabled} onClick={() => setAsking(true)}>
        {props.children}
      </button>
      {asking && (
        <Modal title={props.title} onClose={cancel}>
          <p>{props.question}</p>
          <div class="actions">
            <button type="button" class="secondary" onClick={cancel}>
              Cancel
            </button>
            <button
              type="button"
              onClick={() => {
                setAsking(false)
                props.onConfirm()
              }}
            >
              {props.confirm}
            </button>
          </div>
        </Modal>
      )}
    </>
  )
}
