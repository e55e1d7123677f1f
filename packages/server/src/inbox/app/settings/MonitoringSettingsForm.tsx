import { useId } from 'preact/hooks'
import { api } from '../api.js'
import type { MonitoringSettings } from './contract-types.js'
import { DurationField } from './DurationField.js'
import { FormStatus } from './FormStatus.js'
import { LoadStatus } from './LoadStatus.js'
import { textList } from './text-list.js'
import { useResource } from './use-resource.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/**
 * `#/settings/monitoring`: who gets an email when no agent has been online for a while, and when the
 * team is back (`GET/PUT /api/monitoring`). An emptied threshold is the server's default.
 */
export function MonitoringSettingsForm() {
  const monitoring = useResource(() => api<MonitoringSettings>('/api/monitoring'), [])
  const saving = useSubmission()
  const id = useId()
  const settings = monitoring.data
  return (
    <>
      <h2 id={id}>Monitoring</h2>
      <LoadStatus of={monitoring} what="the monitoring settings" />
      {settings && (
        <form
          class="card"
          aria-labelledby={id}
          onSubmit={saving.submit(async (fields) => {
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
          })}
        >
          <div class="field">
            <label for={`${id}-addresses`}>Alert addresses</label>
            <textarea
              id={`${id}-addresses`}
              name="addresses"
              rows={3}
              defaultValue={settings.addresses.join('\n')}
              spellcheck={false}
              aria-describedby={`${id}-addresses-help`}
            />
            <span id={`${id}-addresses-help`} class="help">
              One email address a line, at most 20. Each gets one email per episode. Empty: no alerts.
            </span>
          </div>
          <DurationField
            name="offlineAfter"
            label="Alert when no agent has been online for"
            value={settings.offlineAfter}
            empty="60 seconds"
            help="Visitors meanwhile see that replies come by email."
          />
          <DurationField
            name="onlineAfter"
            label="Tell when the team is back online for"
            value={settings.onlineAfter}
            empty="60 seconds"
            help="Sent once after an episode that alerted."
          />
          <button type="submit" disabled={saving.busy}>
            Save monitoring
          </button>
          <FormStatus of={saving} />
        </form>
      )}
    </>
  )
}
