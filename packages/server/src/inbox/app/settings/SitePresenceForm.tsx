import type { SitePresence } from '@porchlight/protocol'
import { durationChange } from './duration-change.js'
import { DurationField } from './DurationField.js'
import { formText } from './form-text.js'
import { patchSite } from './patch-site.js'
import { SettingsForm } from './SettingsForm.js'
import type { SiteFormProps } from './site-form-props.js'

/** The presence timings, each with what it decides. */
const timings: ReadonlyArray<{ key: keyof SitePresence; label: string; help: string }> = [
  {
    key: 'heartbeatInterval',
    label: 'Heartbeat interval',
    help: "How often the server checks each visitor's connection: a lost one is found within two intervals.",
  },
  {
    key: 'offlineGrace',
    label: 'Offline grace',
    help: "How long after a visitor's last page closes before they are offline, so that a reload does not flap.",
  },
  { key: 'awayAfter', label: 'Away after hidden', help: 'How long every tab of theirs may be hidden before a visitor is away.' },
  { key: 'idleAfter', label: 'Idle after', help: 'How long a visible page may go without input before its visitor is away (idle).' },
  {
    key: 'inactivityWindow',
    label: 'Inactivity window',
    help: 'How long without a visitor message, while they are not online, before the session leaves the live queue.',
  },
]

/** A site's presence timings; only those changed are sent, an emptied one goes back to the server's default. */
export function SitePresenceForm({ site, onSaved }: SiteFormProps) {
  return (
    <SettingsForm
      title="Presence timings"
      submit="Save presence timings"
      action={async (fields) => {
        const presence = Object.fromEntries(
          timings
            .map(({ key }) => [key, durationChange(formText(fields, key), site.presence[key])] as const)
            .filter(([, change]) => change !== undefined),
        )
        if (Object.keys(presence).length === 0) return 'Nothing changed.'
        onSaved(await patchSite(site.id, { presence }))
        return 'Saved.'
      }}
    >
      <p class="help">Write durations like 30s, 5m or 2h.</p>
      {timings.map(({ key, label, help }) => (
        <DurationField key={key} name={key} label={label} value={site.presence[key]} empty="the server's default" help={help} />
      ))}
    </SettingsForm>
  )
}
