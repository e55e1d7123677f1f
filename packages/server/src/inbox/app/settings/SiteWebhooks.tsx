import type { WebhookEndpoint, WebhookList } from '@porchlight/protocol'
import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { DeliveryLog } from './DeliveryLog.js'
import { itemPath } from './item-path.js'
import { LoadStatus } from './LoadStatus.js'
import { useResource } from './use-resource.js'
import { WebhookCreateForm } from './WebhookCreateForm.js'
import { WebhookRow } from './WebhookRow.js'

/** One site's endpoints, the log of the one picked, and the form to add one. */
export function SiteWebhooks(props: { siteId: string }) {
  const path = itemPath('/api/sites', props.siteId, '/webhooks')
  const webhooks = useResource(() => api<WebhookList>(path), [path])
  const [logOf, setLogOf] = useState<string | null>(null)
  const replace = (changed: WebhookEndpoint) =>
    webhooks.update(({ webhooks: list }) => ({ webhooks: list.map((one) => (one.id === changed.id ? changed : one)) }))
  const remove = (id: string) => {
    webhooks.update(({ webhooks: list }) => ({ webhooks: list.filter((one) => one.id !== id) }))
    if (logOf === id) setLogOf(null)
  }
  const logged = webhooks.data?.webhooks.find(({ id }) => id === logOf)
  return (
    <>
      <LoadStatus of={webhooks} what="the webhooks" />
      {webhooks.data && webhooks.data.webhooks.length === 0 && <p>This site has no webhooks yet.</p>}
      {webhooks.data && webhooks.data.webhooks.length > 0 && (
        <table class="list">
          <caption>Endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.data.webhooks.map((webhook) => (
              <WebhookRow
                key={webhook.id}
                path={itemPath(path, webhook.id)}
                webhook={webhook}
                onChanged={replace}
                onDeleted={() => remove(webhook.id)}
                onShowLog={() => setLogOf(webhook.id)}
              />
            ))}
          </tbody>
        </table>
      )}
      {logged && (
        <DeliveryLog key={logged.id} path={itemPath(path, logged.id, '/deliveries')} url={logged.url} onClose={() => setLogOf(null)} />
      )}
      <WebhookCreateForm path={path} onCreated={(webhook) => webhooks.update(({ webhooks: list }) => ({ webhooks: [...list, webhook] }))} />
    </>
  )
}
