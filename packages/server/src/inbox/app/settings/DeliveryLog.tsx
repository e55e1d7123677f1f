import type { WebhookDeliveryList } from '@porchlight/protocol'
import { useId } from 'preact/hooks'
import { api } from '../api.js'
import { LoadStatus } from './LoadStatus.js'
import { localTime } from './local-time.js'
import { useResource } from './use-resource.js'

const statusWords = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' } as const

/** A webhook's delivery log, newest first: event, status, attempts, the last answer or error. */
export function DeliveryLog(props: { path: string; url: string; onClose: () => void }) {
  const log = useResource(() => api<WebhookDeliveryList>(props.path), [props.path])
  const id = useId()
  return (
    <section class="card" aria-labelledby={id}>
      <h3 id={id}>Delivery log of {props.url}</h3>
      <div class="buttons">
        <button type="button" class="secondary" onClick={log.reload}>
          Refresh
        </button>
        <button type="button" class="secondary" onClick={props.onClose}>
          Close the log
        </button>
      </div>
      <LoadStatus of={log} what="the deliveries" />
      {log.data && log.data.deliveries.length === 0 && <p>No deliveries yet.</p>}
      {log.data && log.data.deliveries.length > 0 && (
        <table class="list">
          <caption>Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Last error</th>
              <th scope="col">Created</th>
              <th scope="col">Last attempt</th>
            </tr>
          </thead>
          <tbody>
            {log.data.deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <th scope="row">
                  <code>{delivery.event}</code>
                </th>
                <td>{statusWords[delivery.status]}</td>
                <td>{delivery.attempts}</td>
                <td>{delivery.lastStatusCode === null ? 'None' : `HTTP ${delivery.lastStatusCode}`}</td>
                <td>{delivery.lastError ?? 'None'}</td>
                <td>{localTime(delivery.createdAt)}</td>
                <td>{delivery.lastAttemptAt === null ? 'Not yet' : localTime(delivery.lastAttemptAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
