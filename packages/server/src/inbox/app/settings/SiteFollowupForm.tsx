import { useId } from 'preact/hooks'
import { durationChange } from './duration-change.js'
import { DurationField } from './DurationField.js'
import { FormStatus } from './FormStatus.js'
import { patchSite } from './patch-site.js'
import type { SiteFormProps } from './site-form-props.js'
import { useSubmission } from './use-submission.js'
import { formText } from './form-text.js'

/** A site's follow-up emails: on or off, the delay, where the return link goes, the sender name and reply-to. */
export function SiteFollowupForm({ site, onSaved }: SiteFormProps) {
  const saving = useSubmission()
  const id = useId()
  const { followup } = site
  const text = (fields: FormData, name: string) => formText(fields, name).trim()
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={saving.submit(async (fields) => {
        const delay = durationChange(formText(fields, 'delay'), followup.delay)
        const url = text(fields, 'returnUrl')
        onSaved(
          await patchSite(site.id, {
            followup: {
              enabled: fields.has('enabled'),
              ...(delay !== undefined && { delay }),
              returnUrl: fields.get('returnMode') === 'custom' ? { mode: 'custom', url } : { mode: 'page' },
              senderName: text(fields, 'senderName') || null,
              replyTo: text(fields, 'replyTo') || null,
            },
          }),
        )
        return 'Saved.'
      })}
    >
      <h3 id={id}>Follow-up emails</h3>
      <div class="check">
        <input
          id={`${id}-enabled`}
          name="enabled"
          type="checkbox"
          defaultChecked={followup.enabled}
          aria-describedby={`${id}-enabled-help`}
        />
        <label for={`${id}-enabled`}>Send follow-up emails</label>
        <span id={`${id}-enabled-help`} class="help">
          When a visitor with an email leaves with a reply unread, they get it by email with a link back to the conversation.
        </span>
      </div>
      <DurationField
        name="delay"
        label="Delay"
        value={followup.delay}
        empty="the server's default"
        help="How long a reply may stay unread before the email goes."
      />
      <fieldset>
        <legend>The return link opens</legend>
        <div class="check">
          <input id={`${id}-page`} name="returnMode" type="radio" value="page" defaultChecked={followup.returnUrl.mode === 'page'} />
          <label for={`${id}-page`}>The page where the conversation started</label>
        </div>
        <div class="check">
          <input id={`${id}-custom`} name="returnMode" type="radio" value="custom" defaultChecked={followup.returnUrl.mode === 'custom'} />
          <label for={`${id}-custom`}>The return URL below</label>
        </div>
        <div class="field">
          <label for={`${id}-url`}>Return URL</label>
          <input
            id={`${id}-url`}
            name="returnUrl"
            type="url"
            defaultValue={followup.returnUrl.mode === 'custom' ? followup.returnUrl.url : ''}
            placeholder="https://www.example.com/support"
            autocomplete="off"
          />
        </div>
      </fieldset>
      <div class="field">
        <label for={`${id}-sender`}>Sender name</label>
        <input
          id={`${id}-sender`}
          name="senderName"
          defaultValue={followup.senderName ?? ''}
          maxLength={100}
          autocomplete="off"
          aria-describedby={`${id}-sender-help`}
        />
        <span id={`${id}-sender-help`} class="help">
          The name emails come from, at the server's address. Empty: the site's name.
        </span>
      </div>
      <div class="field">
        <label for={`${id}-reply-to`}>Reply-to address</label>
        <input
          id={`${id}-reply-to`}
          name="replyTo"
          type="email"
          defaultValue={followup.replyTo ?? ''}
          autocomplete="off"
          aria-describedby={`${id}-reply-to-help`}
        />
        <span id={`${id}-reply-to-help`} class="help">
          Where a visitor's answer to the email goes. Empty: no Reply-To header.
        </span>
      </div>
      <button type="submit" disabled={saving.busy}>
        Save follow-up emails
      </button>
      <FormStatus of={saving} />
    </form>
  )
}
