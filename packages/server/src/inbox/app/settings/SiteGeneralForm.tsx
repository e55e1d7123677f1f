import { formText } from './form-text.js'
import { patchSite } from './patch-site.js'
import { SettingsForm } from './SettingsForm.js'
import type { SiteFormProps } from './site-form-props.js'
import { textList } from './text-list.js'
import { TextField } from './TextField.js'

/** A site's name and the origins its widget may run on (none listed: any). */
export function SiteGeneralForm({ site, onSaved }: SiteFormProps) {
  return (
    <SettingsForm
      title="Name and origins"
      submit="Save name and origins"
      action={async (fields) => {
        const origins = textList(formText(fields, 'allowedOrigins'))
        onSaved(await patchSite(site.id, { name: formText(fields, 'name').trim(), allowedOrigins: origins.length === 0 ? null : origins }))
        return 'Saved.'
      }}
    >
      <TextField label="Site name" name="name" defaultValue={site.name} required maxLength={100} />
      <TextField
        label="Allowed origins"
        name="allowedOrigins"
        rows={3}
        defaultValue={site.allowedOrigins?.join('\n') ?? ''}
        spellcheck={false}
        help="One a line, like https://www.example.com: the widget refuses to run on any other website. Empty: any website may run it."
      />
    </SettingsForm>
  )
}
