import { useState } from 'preact/hooks'
import { api } from '../api.js'
import type { SiteList } from '@porchlight/protocol'
import { LoadStatus } from './LoadStatus.js'
import { SitePicker } from './SitePicker.js'
import { SiteWebhooks } from './SiteWebhooks.js'
import { useResource } from './use-resource.js'

/** `#/settings/webhooks`: a site's webhook endpoints, their delivery logs, and a form to add one. */
export function WebhooksSettings() {
  const sites = useResource(() => api<SiteList>('/api/sites'), [])
  const [selected, setSelected] = useState<string | null>(null)
  const site = sites.data?.sites.find(({ id }) => id === selected) ?? sites.data?.sites[0]
  return (
    <>
      <h2>Webhooks</h2>
      <p class="help">
        Porchlight POSTs events to these addresses, signed with each endpoint's secret (the Porchlight-Signature header), and retries with
        back-off until the endpoint answers 2xx.
      </p>
      <LoadStatus of={sites} what="the sites" />
      {site && sites.data && (
        <>
          <SitePicker sites={sites.data.sites} value={site.id} onChange={setSelected} />
          <SiteWebhooks key={site.id} siteId={site.id} />
        </>
      )}
    </>
  )
}
