import { useId } from 'preact/hooks'
import type { Site } from '@porchlight/protocol'

/** The field "Site": which site a settings page shows. */
export function SitePicker(props: { sites: readonly Site[]; value: string; onChange: (id: string) => void }) {
  const id = useId()
  return (
    <div class="toolbar">
      <label for={id}>Site</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.name} ({site.id})
          </option>
        ))}
      </select>
    </div>
  )
}
