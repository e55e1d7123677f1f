import { useState } from 'preact/hooks'
import { api } from '../api.js'
import type { Site, SiteList } from '@porchlight/protocol'
import { LoadStatus } from './LoadStatus.js'
import { SiteCreateForm } from './SiteCreateForm.js'
import { SiteEditor } from './SiteEditor.js'
import { SitePicker } from './SitePicker.js'
import { useResource } from './use-resource.js'

/** `#/settings/sites`: pick a site and change its settings, or add one. */
export function SitesSettings() {
  const sites = useResource(() => api<SiteList>('/api/sites'), [])
  const [selected, setSelected] = useState<string | null>(null)
  const list = sites.data?.sites ?? []
  const site = list.find(({ id }) => id === selected) ?? list[0]
  const replace = (changed: Site) => sites.update((data) => ({ sites: data.sites.map((one) => (one.id === changed.id ? changed : one)) }))
  return (
    <>
      <h2>Sites</h2>
      <LoadStatus of={sites} what="the sites" />
      {site && (
        <>
          <SitePicker sites={list} value={site.id} onChange={setSelected} />
          <SiteEditor key={site.id} site={site} onSaved={replace} />
        </>
      )}
      <SiteCreateForm
        onCreated={(created) => {
          sites.update((data) => ({ sites: [...data.sites, created] }))
          setSelected(created.id)
        }}
      />
    </>
  )
}
