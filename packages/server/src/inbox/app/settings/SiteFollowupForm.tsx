import { CheckField } from './CheckField.js'
import { durationChange } from './duration-change.js'
import { DurationField } from './DurationField.js'
import { formText } from './form-text.js'
import { patchSite } from './patch-site.js'
import { SettingsForm } from './SettingsForm.js'
import type { SiteFormProps } from './site-form-props.js'
import { TextField } from './TextField.js'

/** A site's follow-up emails: on or off, the delay, where the return link goes, the sender name and reply-to. */
export function SiteFollowupForm({ site, onSaved }: SiteFormProps) {
  const { followup } = site
  return (
    <SettingsForm
      title="Follow-up emails"
      submit="Save follow-up emails"
      action={async (fields) => {
        const delay = durationChange(formText(fields, 'delay'), followup.delay)
        const text = (name: string) => formText(fields, name).trim()
        onSaved(
          await patchSite(site.id, {
            followup: {
              enabled: fields.has('enabled'),
              ...(delay !== undefined && { delay }),
              returnUrl: text('returnMode') === 'custom' ? { mode: 'custom', url: text('returnUrl') } : { mode: 'page' },
              senderName: text('senderName') || null,
              replyTo: text('replyTo') || null,
            },
          }),
        )
        return 'Saved.'
      }}
    >
      <CheckField
        label="Send follow-up emails"
        name="enabled"
        defaultChecked={followup.enabled}
        help="When a visitor with an email leaves with a reply unread, they get it by email with a link back to the conversation."
      />
      <DurationField
        name="delay"
        label="Delay"
        value={followup.delay}
        empty="the server's default"
        help="How long a reply may stay unread before the email goes."
      />
      <fieldset>
        <legend>The return link opens</legend>
        <CheckField
          label="The page where the conversation started"
          name="returnMode"
          radio
          value="page"
          defaultChecked={followup.returnUrl.mode === 'page'}
        />
        <CheckField
          label="The return URL below"
          name="returnMode"
          radio
          value="custom"
          defaultChecked={followup.returnUrl.mode === 'custom'}
        />
        <TextField
          label="Return URL"
          name="returnUrl"
          type="url"
          defaultValue={followup.returnUrl.mode === 'custom' ? followup.returnUrl.url : ''}
          placeholder="https://www.example.com/support"
        />
      </fieldset>
      <TextField
        label="Sender name"
        name="senderName"
        defaultValue={followup.senderName ?? ''}
        maxLength={100}
        help="The name emails come from, at the server's address. Empty: the site's name."
      />
      <TextField
        label="Reply-to address"
        name="replyTo"
        type="email"
        defaultValue={followup.replyTo ?? ''}
        help="Where a visitor's answer to the email goes. Empty: no Reply-To header."
      />
    </SettingsForm>
  )
}
