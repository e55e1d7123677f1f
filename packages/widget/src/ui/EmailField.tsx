/** Props of {@link EmailField}. */
export interface EmailFieldProps {
  /** The server's words for the address it refused, shown next to the field. */
  error: string | null
  /** What the visitor typed, kept when the field shows again with an error. */
  value: string
  onSave: (email: string) => void
  onSkip: () => void
}

/**
 * Asks an anonymous visitor for an email, so that replies can follow them: one optional field named
 * "Email" (part of the public DOM contract), Save or Skip. The browser's own validation is off: the
 * server decides, and its error is shown here, tied to the field.
 */
export function EmailField({ error, value, onSave, onSkip }: EmailFieldProps) {
  return (
    <form
      class="email"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        const email = (event.currentTarget.elements.namedItem('email') as HTMLInputElement).value.trim()
        if (email) onSave(email)
      }}
    >
      <span id="pl-email-hint">Get replies by email</span>
      <input
        type="email"
        name="email"
        aria-label="Email"
        aria-describedby={error ? 'pl-email-hint pl-email-error' : 'pl-email-hint'}
        aria-invalid={!!error}
        autocomplete="email"
        placeholder="you@example.com"
        defaultValue={value}
      />
      <button type="submit">Save</button>
      <button type="button" onClick={onSkip}>
        Skip
      </button>
      {error && (
        <span id="pl-email-error" class="error" role="alert">
          {error}
        </span>
      )}
    </form>
  )
}
