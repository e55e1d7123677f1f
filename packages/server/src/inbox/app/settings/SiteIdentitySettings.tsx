import { useId } from 'preact/hooks'
import { FormStatus } from './FormStatus.js'
import { patchSite } from './patch-site.js'
import type { SiteFormProps } from './site-form-props.js'
import { SiteIdentitySecret } from './SiteIdentitySecret.js'
import { useSubmission } from './use-submission.js'

/** Identity verification on a site: whether it is required, and the secret its hashes are made with. */
export function SiteIdentitySettings({ site, onSaved }: SiteFormProps) {
  const saving = useSubmission()
  const id = useId()
  return (
    <section class="card" aria-labelledby={id}>
      <h3 id={id}>Identity verification</h3>
      <p class="help">
        A signed-in user is verified when your server passes identify() a userHash: the hex HMAC-SHA256 of their userId with the site's
        identity secret. Their conversations then follow them to any browser.
      </p>
      <SiteIdentitySecret site={site} onSaved={onSaved} />
      <form
        aria-label="Require verification"
        onSubmit={saving.submit(async (fields) => {
          onSaved(await patchSite(site.id, { identity: { required: fields.has('required') } }))
          return 'Saved.'
        })}
      >
        <div class="check">
          <input
            id={`${id}-required`}
            name="required"
            type="checkbox"
            defaultChecked={site.identity.required}
            aria-describedby={`${id}-required-help`}
          />
          <label for={`${id}-required`}>Require verification</label>
          <span id={`${id}-required-help`} class="help">
            A visitor who names a userId without a valid userHash is refused. Generate the secret first.
          </span>
        </div>
        <button type="submit" disabled={saving.busy}>
          Save verification
        </button>
        <FormStatus of={saving} />
      </form>
    </section>
  )
}
