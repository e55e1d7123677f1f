import type { CreatedWebhookResponse, WebhookEndpoint, WebhookEventType } from '@porchlight/protocol'
import { useId, useState } from 'preact/hooks'
import { api } from '../api.js'
import { FormStatus } from './FormStatus.js'
import { InputError } from './input-error.js'
import { OneTimeSecret } from './OneTimeSecret.js'
import { useSubmission } from './use-submission.js'
import { webhookEvents } from './webhook-events.js'
import { formText } from './form-text.js'

/** Adds a webhook endpoint (`POST /api/sites/:id/webhooks`): its URL and events; its signing secret is shown once. */
export function WebhookCreateForm(props: { path: string; onCreated: (webhook: WebhookEndpoint) => void }) {
  const creating = useSubmission()
  const [secret, setSecret] = useState<string | null>(null)
  const id = useId()
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={creating.submit(async (fields, form) => {
        const events = fields.getAll('events').map(String) as WebhookEventType[]
        if (events.length === 0) throw new InputError('Choose at least one event.')
        const created = await api<CreatedWebhookResponse>(props.path, {
          method: 'POST',
          body: { url: formText(fields, 'url').trim(), events },
        })
        props.onCreated(created.webhook)
        setSecret(created.secret)
        form.reset()
        return 'Webhook added.'
      })}
    >
      <h3 id={id}>Add a webhook</h3>
      <div class="field">
        <label for={`${id}-url`}>Endpoint URL</label>
        <input
          id={`${id}-url`}
          name="url"
          type="url"
          required
          maxLength={2048}
          placeholder="https://example.com/porchlight"
          autocomplete="off"
        />
      </div>
      <fieldset>
        <legend>Events</legend>
        {webhookEvents.map(({ type, about }) => (
          <div class="check" key={type}>
            <input id={`${id}-${type}`} name="events" type="checkbox" value={type} defaultChecked />
            <label for={`${id}-${type}`}>
              <code>{type}</code>: {about}
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit" disabled={creating.busy}>
        Add webhook
      </button>
      <FormStatus of={creating} />
      {secret !== null && <OneTimeSecret label="Signing secret" secret={secret} onDone={() => setSecret(null)} />}
    </form>
  )
}
