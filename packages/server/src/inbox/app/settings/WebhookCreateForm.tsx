import type { CreatedWebhookResponse, WebhookEndpoint, WebhookEventType } from '@porchlight/protocol'
import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { CheckField } from './CheckField.js'
import { formText } from './form-text.js'
import { InputError } from './input-error.js'
import { OneTimeSecret } from './OneTimeSecret.js'
import { SettingsForm } from './SettingsForm.js'
import { TextField } from './TextField.js'
import { webhookEvents } from './webhook-events.js'

/** Adds a webhook endpoint (`POST /api/sites/:id/webhooks`): its URL and events; its signing secret is shown once. */
export function WebhookCreateForm(props: { path: string; onCreated: (webhook: WebhookEndpoint) => void }) {
  const [secret, setSecret] = useState<string | null>(null)
  return (
    <SettingsForm
      title="Add a webhook"
      submit="Add webhook"
      action={async (fields, form) => {
        const events = fields.getAll('events').filter((event) => typeof event === 'string') as WebhookEventType[]
        if (events.length === 0) throw new InputError('Choose at least one event.')
        const created = await api<CreatedWebhookResponse>(props.path, {
          method: 'POST',
          body: { url: formText(fields, 'url').trim(), events },
        })
        props.onCreated(created.webhook)
        setSecret(created.secret)
        form.reset()
        return 'Webhook added.'
      }}
      after={secret !== null && <OneTimeSecret label="Signing secret" secret={secret} onDone={() => setSecret(null)} />}
    >
      <TextField label="Endpoint URL" name="url" type="url" required maxLength={2048} placeholder="https://example.com/porchlight" />
      <fieldset>
        <legend>Events</legend>
        {webhookEvents.map(({ type, about }) => (
          <CheckField
            key={type}
            name="events"
            value={type}
            defaultChecked
            label={
              <>
                <code>{type}</code>: {about}
              </>
            }
          />
        ))}
      </fieldset>
    </SettingsForm>
  )
}
