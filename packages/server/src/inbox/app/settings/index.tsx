// The extension point of the settings branch: the shell routes `#/analytics`, `#/settings[/<section>]`
// and `#/profile` to these three components, inside the signed-in shell (`useInbox()` gives the agent,
// the socket's frames and `generation`). "Settings" shows in the navigation for admins only; every
// agent sees "Analytics" and "Profile". Each page starts with an `<h1 tabIndex={-1}>`: the shell moves
// focus to it when the page opens.

/** `#/analytics`: the 24-hour analytics panel. */
export function AnalyticsPage() {
  return <h1 tabIndex={-1}>Analytics</h1>
}

/** `#/settings[/<section>]`: the admin pages (team, sites, webhooks, monitoring, canned responses). */
export function SettingsPage(_props: { section: string | null }) {
  return <h1 tabIndex={-1}>Settings</h1>
}

/** `#/profile`: the agent's own name and password. */
export function ProfilePage() {
  return <h1 tabIndex={-1}>Profile</h1>
}
