import { useCallback, useState } from 'preact/hooks'
import { errorText } from './error-text.js'

/** The state of a form or an action button, and how to run it; see {@link useSubmission}. */
export interface Submission {
  busy: boolean
  /** Why the last run failed, in words for {@link FormStatus}. */
  error: string | null
  /** What the last run did ("Saved."), for a status line. */
  done: string | null
  /** Runs an action that answers what it did; a failure becomes {@link Submission.error}. */
  run: (action: () => Promise<string>) => void
  /** A form's `onSubmit`: runs `action` with the form's fields instead of the browser's submission. */
  submit: (action: (fields: FormData, form: HTMLFormElement) => Promise<string>) => (event: Event) => void
}

/**
 * One form's or action's busy flag, error and status line, so that every settings form reports the same
 * way: the server's coded error next to it, "Saved." when it worked.
 *
 * @example
 * ```tsx
 * const saving = useSubmission()
 * <form onSubmit={saving.submit(async (fields) => { await api(...); return 'Saved.' })}>…<FormStatus of={saving} /></form>
 * ```
 */
export function useSubmission(): Submission {
  const [state, setState] = useState<Pick<Submission, 'busy' | 'error' | 'done'>>({ busy: false, error: null, done: null })
  const run = useCallback((action: () => Promise<string>) => {
    setState({ busy: true, error: null, done: null })
    action().then(
      (done) => setState({ busy: false, error: null, done }),
      (error: unknown) => setState({ busy: false, error: errorText(error), done: null }),
    )
  }, [])
  const submit = useCallback(
    (action: (fields: FormData, form: HTMLFormElement) => Promise<string>) => (event: Event) => {
      event.preventDefault()
      const form = event.currentTarget as HTMLFormElement
      run(() => action(new FormData(form), form))
    },
    [run],
  )
  return { ...state, run, submit }
}
