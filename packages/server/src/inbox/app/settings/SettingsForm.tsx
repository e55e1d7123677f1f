import type { ComponentChildren } from 'preact'
import { useId } from 'preact/hooks'
import { FormStatus } from './FormStatus.js'
import { useSubmission } from './use-submission.js'

/** Props of {@link SettingsForm}. */
export interface SettingsFormProps {
  /** The heading, which also names the form for assistive technology. */
  title: string
  /** The heading's level: 3 (the default) for a form on a settings page, 2 on a page of forms, 4 inside a section. */
  level?: 2 | 3 | 4
  /** The submit button's text, naming what it saves ("Save chat widget"). */
  submit: string
  /** Runs with the form's fields; answers the status line ("Saved."), or throws what to show as the error. */
  action: (fields: FormData, form: HTMLFormElement) => Promise<string>
  children: ComponentChildren
  /** Buttons beside the submit button (Close). */
  buttons?: ComponentChildren
  /** What shows below the status line (a secret shown once). */
  after?: ComponentChildren
}

/**
 * Every settings form: a card named by its heading, its fields, a submit button that is off while the
 * request runs, and the answer next to it (the server's coded error as an alert, or what was done).
 */
export function SettingsForm(props: SettingsFormProps) {
  const saving = useSubmission()
  const id = useId()
  const Heading = (['h2', 'h3', 'h4'] as const)[(props.level ?? 3) - 2]!
  return (
    <form class="card" aria-labelledby={id} onSubmit={saving.submit(props.action)}>
      <Heading id={id}>{props.title}</Heading>
      {props.children}
      <div class="buttons">
        <button type="submit" disabled={saving.busy}>
          {props.submit}
        </button>
        {props.buttons}
      </div>
      <FormStatus of={saving} />
      {props.after}
    </form>
  )
}
