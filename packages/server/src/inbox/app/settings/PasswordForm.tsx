import { useId } from 'preact/hooks'
import { api } from '../api.js'
import { FormStatus } from './FormStatus.js'
import { InputError } from './input-error.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/** The signed-in agent's password (`POST /api/auth/password`); their other sessions end, this one stays. */
export function PasswordForm() {
  const saving = useSubmission()
  const id = useId()
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={saving.submit(async (fields, form) => {
        const newPassword = formText(fields, 'newPassword')
        if (newPassword !== fields.get('repeat')) throw new InputError('The new password and its repetition differ.')
        await api('/api/auth/password', { method: 'POST', body: { currentPassword: formText(fields, 'currentPassword'), newPassword } })
        form.reset()
        return 'Password changed. Your other sessions were signed out.'
      })}
    >
      <h2 id={id}>Your password</h2>
      <div class="field">
        <label for={`${id}-current`}>Current password</label>
        <input id={`${id}-current`} name="currentPassword" type="password" required autocomplete="current-password" />
      </div>
      <div class="field">
        <label for={`${id}-new`}>New password</label>
        <input
          id={`${id}-new`}
          name="newPassword"
          type="password"
          required
          minLength={8}
          autocomplete="new-password"
          aria-describedby={`${id}-rule`}
        />
        <span id={`${id}-rule`} class="help">
          At least 8 characters.
        </span>
      </div>
      <div class="field">
        <label for={`${id}-repeat`}>Repeat the new password</label>
        <input id={`${id}-repeat`} name="repeat" type="password" required autocomplete="new-password" />
      </div>
      <button type="submit" disabled={saving.busy}>
        Change password
      </button>
      <FormStatus of={saving} />
    </form>
  )
}
