import { api } from '../api.js'
import type { MonitoringSettings } from '@porchlight/protocol'
import { DurationField } from './DurationField.js'
import { formText } from './form-text.js'
import { LoadStatus } from './LoadStatus.js'
import { SettingsForm } from './SettingsForm.js'
import { textList } from './text-list.js'
import { TextField } from './TextField.js'
import { useResource } from './use-resource.js'

/**
 * `#/settings/monitoring`: who gets an email when no agent has been online for a while, and when the
 * team is back (`GET/PUT /api/monitoring`). An emptied threshold is the server's default.
 */
export function MonitoringSettingsForm() {
  const monitoring = useResource(() => api<MonitoringSettings>('/api/monitoring'), [])
  const settings = monitoring.data
  return (
    <>
      <h2>Monitoring</h2>
      <p class="help">
        The addresses get an email when no agent has been online for a while, and one when the team is back: once per episode.
      </p>
      <LoadStatus of={monitoring} what="the monitoring settings" />
      {settings && (
        <SettingsForm
          title="Team alerts"
          submit="Save team alerts"
          action={async (fields) => {
            const threshold = (name: string) => formText(fields, name).trim() || undefined
            const saved = await api<MonitoringSettings>('/api/monitoring', {
              method: 'PUT',
              body: {
                addresses: textList(formText(fields, 'addresses')),
                offlineAfter: threshold('offlineAfter'),
                onlineAfter: threshold('onlineAfter'),
              },
            })
            monitoring.update(() => saved)
            return saved.addresses.length === 0 ? 'Saved. No addresses: no alerts are sent.' : 'Saved.'
          }}
        >
          <TextField
            label="Alert addresses"
            name="addresses"
            rows={3}
            defaultValue={settings.addresses.join('\n')}
            spellcheck={false}
            help="One email address a line, at most 20. Empty: no alerts."
          />
          <DurationField
            name="offlineAfter"
            label="Alert when no agent has been online for"
            value={settings.offlineAfter}
            empty="60 seconds"
            help="An episode starts when the last agent goes offline; its alert goes once."
          />
          <DurationField
            name="onlineAfter"
            label="Tell when the team is back online for"
            value={settings.onlineAfter}
            empty="60 seconds"
            help="Sent once, only after an episode that alerted."
          />
        </SettingsForm>
      )}
    </>
  )
}
