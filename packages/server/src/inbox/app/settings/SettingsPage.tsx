import { useInbox } from '../inbox-context.js'
import { routeHref } from '../route.js'
import { settingsSections } from './settings-sections.js'

/**
 * `#/settings[/<section>]`: the admin pages, with their own navigation named "Settings". An agent who is
 * not an admin gets none of them (the navigation does not offer the page, and the server refuses the
 * requests anyway), only a pointer to their profile.
 */
export function SettingsPage(props: { section: string | null }) {
  const { agent } = useInbox()
  if (agent.role !== 'admin') {
    return (
      <>
        <h1 tabIndex={-1}>Settings</h1>
        <p>
          Only admins can change the settings. Your own name and password are on your <a href="#/profile">profile</a>.
        </p>
      </>
    )
  }
  const current = settingsSections.find(({ id }) => id === props.section) ?? settingsSections[0]!
  const Page = current.page
  return (
    <div class="settings">
      <h1 tabIndex={-1}>Settings</h1>
      <nav aria-label="Settings" class="settings-nav">
        <ul>
          {settingsSections.map(({ id, label }) => (
            <li key={id}>
              <a href={routeHref({ page: 'settings', section: id })} aria-current={id === current.id ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="settings-page">
        <Page />
      </div>
    </div>
  )
}
