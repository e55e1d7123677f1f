import { limits } from '@porchlight/protocol'
import type { Ref } from 'preact'

/** Props of {@link Composer}. */
export interface ComposerProps {
  inputRef: Ref<HTMLTextAreaElement>
  onSend: (text: string) => void
  /** Called on every input: whether the text is not empty (the visitor is typing). */
  onTyping: (active: boolean) => void
}

/** The message box: Enter sends, Shift+Enter breaks the line. */
export function Composer({ inputRef, onSend, onTyping }: ComposerProps) {
  const submit = (input: HTMLTextAreaElement) => {
    const text = input.value.trim()
    if (!text) return
    onSend(text)
    input.value = ''
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        submit(event.currentTarget.elements.namedItem('text') as HTMLTextAreaElement)
      }}
    >
      <textarea
        name="text"
        rows={1}
        aria-label="Message"
        placeholder="Write a message…"
        maxLength={limits.messageText}
        ref={inputRef}
        onInput={(event) => onTyping(event.currentTarget.value.trim() !== '')}
        onKeyDown={(event) => {
          // isComposing: Enter that confirms an IME composition (Japanese, Chinese, ...) is not a send.
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault()
            submit(event.currentTarget)
          }
        }}
      />
      <button type="submit">Send</button>
    </form>
  )
}
