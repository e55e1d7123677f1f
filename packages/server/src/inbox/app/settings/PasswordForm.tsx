import { api } from '../api.js'
import { formText } from './form-text.js'
import { InputError } from './input-error.js'
import { SettingsForm } from './SettingsForm.js'
import { TextField } from './TextField.js'

/** The signed-in agent's password (`POST /api/auth/password`); their other sessions end, this one stays. */
export function PasswordForm() {
  return (
    <SettingsForm
      title="Your password"
      level={2}
      submit="Change password"
      action={async (fields, form) => {
        const newPassword = formText(fields, 'newPassword')
        if (newPassword !== formText(fields, 'repeat')) throw new InputError('The new password and its repetition differ.')
        await api('/api/auth/password', { method: 'POST', body: { currentPassword: formText(fields, 'currentPassword'), newPassword } })
        form.reset()
        return 'Password changed. Your other sessions were signed out.'
      }}
    >
      <TextField label="Current password" name="currentPassword" type="password" required autocomplete="current-password" />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        required
        minLength={8}
        autocomplete="new-password"
        help="At least 8 characters."
      />
      <TextField label="Repeat the new password" name="repeat" type="password" required autocomplete="new-password" />
    </SettingsForm>
  )
}
