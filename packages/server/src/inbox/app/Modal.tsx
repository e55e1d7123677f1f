import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

/**
 * A modal dialog (the native `<dialog>`: it traps focus, closes on Escape and gives focus back to what
 * opened it), named by its heading.
 */
export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const { onClose } = props
  useEffect(() => {
    const element = dialog.current!
    element.showModal()
    element.addEventListener('close', onClose)
    return () => {
      element.removeEventListener('close', onClose)
      if (element.open) element.close()
    }
  }, [onClose])
  return (
    <dialog ref={dialog} aria-labelledby="modal-title" class="modal">
      <h2 id="modal-title">{props.title}</h2>
      {props.children}
    </dialog>
  )
}
