import { useId } from 'preact/hooks'
import { CheckField } from './CheckField.js'
import { patchSite } from './patch-site.js'
import { SettingsForm } from './SettingsForm.js'
import type { SiteFormProps } from './site-form-props.js'
import { SiteIdentitySecret } from './SiteIdentitySecret.js'

/** Identity verification on a site: the secret its hashes are made with, and whether it is required. */
export function SiteIdentitySettings({ site, onSaved }: SiteFormProps) {
  const id = useId()
  return (
    <section class="card" aria-labelledby={id}>
      <h3 id={id}>Identity verification</h3>
      <p class="help">
        A signed-in user is verified when your server passes identify() a userHash: the hex HMAC-SHA256 of their userId with the site's
        identity secret. Their conversations then follow them to any browser.
      </p>
      <SiteIdentitySecret site={site} onSaved={onSaved} />
      <SettingsForm
        title="Requirement"
        level={4}
        submit="Save requirement"
        action={async (fields) => {
          onSaved(await patchSite(site.id, { identity: { required: fields.has('required') } }))
          return 'Saved.'
        }}
      >
        <CheckField
          label="Require verification"
          name="required"
          defaultChecked={site.identity.required}
          help="A visitor who names a userId without a valid userHash is refused. Generate the secret first."
        />
      </SettingsForm>
    </section>
  )
}
