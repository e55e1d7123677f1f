import { useLayoutEffect, useId, useRef, useState } from 'preact/hooks'

/**
 * A secret the server shows once (an identity secret, a webhook's signing secret): read-only, selected
 * on focus, with a Copy button, and the warning that it will not be shown again.
 */
export function OneTimeSecret(props: { label: string; secret: string; onDone: () => void }) {
  const id = useId()
  const [copied, setCopied] = useState<string | null>(null)
  const field = useRef<HTMLInputElement>(null)
  // Focused (and so selected) as it appears: the one thing to do now is to copy it.
  useLayoutEffect(() => field.current?.focus(), [])
  const copy = () => {
    navigator.clipboard.writeText(props.secret).then(
      () => setCopied('Copied to the clipboard.'),
      () => setCopied('The browser did not allow copying: select the secret and copy it yourself.'),
    )
  }
  return (
    <div class="secret" role="group" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} for={id}>
        {props.label}
      </label>
      <div class="secret-value">
        <input
          ref={field}
          id={id}
          readOnly
          value={props.secret}
          onFocus={(event) => event.currentTarget.select()}
          spellcheck={false}
          aria-describedby={`${id}-warning`}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p id={`${id}-warning`} class="warning">
        <strong>Copy it now: you will not see it again.</strong>
      </p>
      <p role="status">{copied}</p>
      <button type="button" class="secondary" onClick={props.onDone}>
        I have copied it
      </button>
    </div>
  )
}
