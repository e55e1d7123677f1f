import { api } from '../api.js'
import type { Site, SiteResponse } from '@porchlight/protocol'
import { formText } from './form-text.js'
import { SettingsForm } from './SettingsForm.js'
import { TextField } from './TextField.js'

/** Adds a site (`POST /api/sites`) with an id and a name; its settings start as the server's defaults. */
export function SiteCreateForm(props: { onCreated: (site: Site) => void }) {
  return (
    <SettingsForm
      title="Add a site"
      submit="Add site"
      action={async (fields, form) => {
        const { site } = await api<SiteResponse>('/api/sites', {
          method: 'POST',
          body: { id: formText(fields, 'id').trim(), name: formText(fields, 'name').trim() },
        })
        props.onCreated(site)
        form.reset()
        return `Site ${site.name} added; it is shown above.`
      }}
    >
      <TextField
        label="Site id"
        name="id"
        required
        maxLength={64}
        spellcheck={false}
        help="What the script tag's data-site names: lower-case letters, digits, - and _."
      />
      <TextField label="Site name" name="name" required maxLength={100} />
    </SettingsForm>
  )
}
