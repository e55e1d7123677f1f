import type { Ref } from 'preact'
import { useId } from 'preact/hooks'

/** Props of {@link TextField}. */
export interface TextFieldProps {
  label: string
  /** The field's name in the form data. */
  name: string
  defaultValue?: string
  /** What to write there, tied to the field for assistive technology. */
  help?: string
  /** A text area of this many rows instead of one line. */
  rows?: number
  type?: 'text' | 'email' | 'password' | 'url'
  required?: boolean
  minLength?: number
  maxLength?: number
  /** The browser's autofill hint; off unless given (these are settings, not the person's own details). */
  autocomplete?: string
  placeholder?: string
  spellcheck?: boolean
  inputRef?: Ref<HTMLInputElement>
}

/** A labelled text input (or text area) with its help text below it. */
export function TextField({ label, help, rows, inputRef, autocomplete = 'off', ...input }: TextFieldProps) {
  const id = useId()
  const describedBy = help === undefined ? undefined : `${id}-help`
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {rows === undefined ? (
        <input id={id} ref={inputRef} autocomplete={autocomplete} aria-describedby={describedBy} {...input} />
      ) : (
        <textarea
          id={id}
          rows={rows}
          autocomplete={autocomplete}
          aria-describedby={describedBy}
          name={input.name}
          defaultValue={input.defaultValue}
          required={input.required}
          maxLength={input.maxLength}
          placeholder={input.placeholder}
          spellcheck={input.spellcheck}
        />
      )}
      {help !== undefined && (
        <span id={describedBy} class="help">
          {help}
        </span>
      )}
    </div>
  )
}
