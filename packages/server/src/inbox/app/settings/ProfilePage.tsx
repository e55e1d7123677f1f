import { PasswordForm } from './PasswordForm.js'
import { ProfileNameForm } from './ProfileNameForm.js'

/** `#/profile`, for every agent: their own name and password. */
export function ProfilePage() {
  return (
    <div class="settings-page">
      <h1 tabIndex={-1}>Profile</h1>
      <ProfileNameForm />
      <PasswordForm />
    </div>
  )
}
