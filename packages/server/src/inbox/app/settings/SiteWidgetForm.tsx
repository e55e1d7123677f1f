import { useId } from 'preact/hooks'
import { FormStatus } from './FormStatus.js'
import { patchSite } from './patch-site.js'
import type { SiteFormProps } from './site-form-props.js'
import { useSubmission } from './use-submission.js'

/**
 * What the widget offers on a site: two-way chat, and whether the launcher hides while no agent is
 * online. Only a changed setting is sent, so that each works on its own.
 */
export function SiteWidgetForm({ site, onSaved }: SiteFormProps) {
  const saving = useSubmission()
  const id = useId()
  return (
    <form
      class="card"
      aria-labelledby={id}
      onSubmit={saving.submit(async (fields) => {
        const twoWayChat = fields.has('twoWayChat')
        const hideLauncherWhenTeamOffline = fields.has('hideLauncherWhenTeamOffline')
        const widget = {
          ...(twoWayChat !== site.widget.twoWayChat && { twoWayChat }),
          ...(hideLauncherWhenTeamOffline !== site.widget.hideLauncherWhenTeamOffline && { hideLauncherWhenTeamOffline }),
        }
        if (Object.keys(widget).length === 0) return 'Nothing changed.'
        onSaved(await patchSite(site.id, { widget }))
        return 'Saved.'
      })}
    >
      <h3 id={id}>Chat widget</h3>
      <div class="check">
        <input
          id={`${id}-two-way`}
          name="twoWayChat"
          type="checkbox"
          defaultChecked={site.widget.twoWayChat}
          aria-describedby={`${id}-two-way-help`}
        />
        <label for={`${id}-two-way`}>Two-way chat: visitors can write</label>
        <span id={`${id}-two-way-help`} class="help">
          Off: the widget shows the team's messages and a notice, without a message box, and the server refuses visitor messages.
        </span>
      </div>
      <div class="check">
        <input
          id={`${id}-hide`}
          name="hideLauncherWhenTeamOffline"
          type="checkbox"
          defaultChecked={site.widget.hideLauncherWhenTeamOffline}
          aria-describedby={`${id}-hide-help`}
        />
        <label for={`${id}-hide`}>Hide the launcher while no agent is online</label>
        <span id={`${id}-hide-help`} class="help">
          A visitor who already has a conversation still sees it.
        </span>
      </div>
      <button type="submit" disabled={saving.busy}>
        Save chat widget
      </button>
      <FormStatus of={saving} />
    </form>
  )
}
