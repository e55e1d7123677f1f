import type { Submission } from './use-submission.js'

/**
 * What a form or action did, shown next to it: the error as an alert (read out at once), the success in
 * a status line that is always in the page, so that screen readers announce its change.
 */
export function FormStatus(props: { of: Pick<Submission, 'error' | 'done'> }) {
  return (
    <div class="form-status">
      {props.of.error && (
        <p class="error" role="alert">
          {props.of.error}
        </p>
      )}
      <p class="done" role="status">
        {props.of.done}
      </p>
    </div>
  )
}
