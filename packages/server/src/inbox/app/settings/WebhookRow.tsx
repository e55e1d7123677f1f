import type { WebhookEndpoint, WebhookResponse } from '@porchlight/protocol'
import { api } from '../api.js'
import { ConfirmButton } from './ConfirmButton.js'
import { FormStatus } from './FormStatus.js'
import { useSubmission } from './use-submission.js'

/** Props of {@link WebhookRow}. */
export interface WebhookRowProps {
  /** The endpoint's address in the API. */
  path: string
  webhook: WebhookEndpoint
  onChanged: (webhook: WebhookEndpoint) => void
  onDeleted: () => void
  onShowLog: () => void
}

/** One webhook endpoint: its URL, events and state; enable or disable it, test it, see its log, delete it. */
export function WebhookRow({ path, webhook, onChanged, onDeleted, onShowLog }: WebhookRowProps) {
  const acting = useSubmission()
  const setEnabled = (enabled: boolean) =>
    acting.run(async () => {
      onChanged((await api<WebhookResponse>(path, { method: 'PATCH', body: { enabled } })).webhook)
      return enabled ? 'Enabled.' : 'Disabled: no new deliveries.'
    })
  return (
    <tr>
      <th scope="row" class="url">
        {webhook.url}
      </th>
      <td>{webhook.events.join(', ')}</td>
      <td>{webhook.enabled ? 'Enabled' : 'Disabled'}</td>
      <td>
        <div class="row-actions">
          <button
            type="button"
            class="secondary"
            aria-label={`${webhook.enabled ? 'Disable' : 'Enable'} ${webhook.url}`}
            disabled={acting.busy}
            onClick={() => setEnabled(!webhook.enabled)}
          >
            {webhook.enabled ? 'Disable' : 'Enable'}
          </button>
          <button
            type="button"
            class="secondary"
            aria-label={`Send test to ${webhook.url}`}
            disabled={acting.busy}
            onClick={() =>
              acting.run(async () => {
                await api(`${path}/test`, { method: 'POST' })
                onShowLog()
                return 'A ping is queued; it shows in the delivery log.'
              })
            }
          >
            Send test
          </button>
          <button type="button" class="secondary" aria-label={`Delivery log of ${webhook.url}`} onClick={onShowLog}>
            Delivery log
          </button>
          <ConfirmButton
            label={`Delete ${webhook.url}`}
            title={`Delete the webhook to ${webhook.url}?`}
            question="Its delivery log and pending deliveries go with it."
            confirm="Delete"
            disabled={acting.busy}
            onConfirm={() =>
              acting.run(async () => {
                await api(path, { method: 'DELETE' })
                onDeleted()
                return 'Deleted.'
              })
            }
          >
            Delete
          </ConfirmButton>
          <FormStatus of={acting} />
        </div>
      </td>
    </tr>
  )
}
