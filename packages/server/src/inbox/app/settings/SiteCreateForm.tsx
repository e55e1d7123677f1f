import { useId } from 'preact/hooks'
import { api } from '../api.js'
import type { Site } from './contract-types.js'
import { FormStatus } from './FormStatus.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/** Adds a site (`POST /api/sites`) with an id and a name; its settings start as the server's defaults. */
export function SiteCreateForm(props: { onCreated: (site: Site) => void }) {
  const creating = useSubmission()
  const id = useId()
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={creating.submit(async (fields, form) => {
        const { site } = await api<{ site: Site }>('/api/sites', {
          method: 'POST',
          body: { id: formText(fields, 'id').trim(), name: formText(fields, 'name').trim() },
        })
        props.onCreated(site)
        form.reset()
        return `Site ${site.name} added; it is shown above.`
      })}
    >
      <h3 id={id}>Add a site</h3>
      <div class="field">
        <label for={`${id}-id`}>Site id</label>
        <input id={`${id}-id`} name="id" required maxLength={64} autocomplete="off" spellcheck={false} aria-describedby={`${id}-id-help`} />
        <span id={`${id}-id-help`} class="help">
          What the script tag's data-site names: lower-case letters, digits, - and _.
        </span>
      </div>
      <div class="field">
        <label for={`${id}-name`}>Site name</label>
        <input id={`${id}-name`} name="name" required maxLength={100} autocomplete="off" />
      </div>
      <button type="submit" disabled={creating.busy}>
        Add site
      </button>
      <FormStatus of={creating} />
    </form>
  )
}
