import { useId } from 'preact/hooks'
import { FormStatus } from './FormStatus.js'
import { patchSite } from './patch-site.js'
import type { SiteFormProps } from './site-form-props.js'
import { textList } from './text-list.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/** A site's name and the origins its widget may run on (none listed: any). */
export function SiteGeneralForm({ site, onSaved }: SiteFormProps) {
  const saving = useSubmission()
  const id = useId()
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={saving.submit(async (fields) => {
        const origins = textList(formText(fields, 'allowedOrigins'))
        onSaved(await patchSite(site.id, { name: formText(fields, 'name').trim(), allowedOrigins: origins.length === 0 ? null : origins }))
        return 'Saved.'
      })}
    >
      <h3 id={id}>Name and origins</h3>
      <div class="field">
        <label for={`${id}-name`}>Site name</label>
        <input id={`${id}-name`} name="name" defaultValue={site.name} required maxLength={100} autocomplete="off" />
      </div>
      <div class="field">
        <label for={`${id}-origins`}>Allowed origins</label>
        <textarea
          id={`${id}-origins`}
          name="allowedOrigins"
          rows={3}
          defaultValue={site.allowedOrigins?.join('\n') ?? ''}
          spellcheck={false}
          aria-describedby={`${id}-origins-help`}
        />
        <span id={`${id}-origins-help`} class="help">
          One a line, like https://www.example.com: the widget refuses to run on any other website. Empty: any website may run it.
        </span>
      </div>
      <button type="submit" disabled={saving.busy}>
        Save name and origins
      </button>
      <FormStatus of={saving} />
    </form>
  )
}
