import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { ConfirmButton } from './ConfirmButton.js'
import type { IdentitySecretResponse } from '@porchlight/protocol'
import { FormStatus } from './FormStatus.js'
import { itemPath } from './item-path.js'
import { OneTimeSecret } from './OneTimeSecret.js'
import type { SiteFormProps } from './site-form-props.js'
import { useSubmission } from './use-submission.js'

/**
 * A site's identity secret: whether one is set, and a button to generate it (or rotate it, after a
 * warning: hashes made with the old one stop verifying). The new secret is shown once, here.
 */
export function SiteIdentitySecret({ site, onSaved }: SiteFormProps) {
  const generating = useSubmission()
  const [secret, setSecret] = useState<string | null>(null)
  const generate = () =>
    generating.run(async () => {
      const answer = await api<IdentitySecretResponse>(itemPath('/api/sites', site.id, '/identity-secret'), { method: 'POST' })
      setSecret(answer.secret)
      onSaved(answer.site)
      return 'A new identity secret is in effect.'
    })
  return (
    <div class="secret-area">
      <p>{site.identity.secretSet ? 'An identity secret is set.' : 'No identity secret yet.'}</p>
      {secret !== null && <OneTimeSecret label="Identity secret" secret={secret} onDone={() => setSecret(null)} />}
      {secret === null && !site.identity.secretSet && (
        <button type="button" disabled={generating.busy} onClick={generate}>
          Generate secret
        </button>
      )}
      {secret === null && site.identity.secretSet && (
        <ConfirmButton
          title="Rotate the identity secret?"
          question="Hashes made with the current one stop verifying at once, until your server uses the new one."
          confirm="Rotate"
          disabled={generating.busy}
          onConfirm={generate}
        >
          Rotate secret
        </ConfirmButton>
      )}
      <FormStatus of={generating} />
    </div>
  )
}
