// The settings branch's pages, as the shell routes them: `#/analytics` and `#/profile` for every agent,
// `#/settings[/<section>]` for admins. Each page starts with an `<h1 tabIndex={-1}>`, which the shell
// focuses when the page opens.
export { AnalyticsPage } from './AnalyticsPage.js'
export { ProfilePage } from './ProfilePage.js'
export { SettingsPage } from './SettingsPage.js'
