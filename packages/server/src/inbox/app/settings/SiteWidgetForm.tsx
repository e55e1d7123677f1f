import { CheckField } from './CheckField.js'
import { patchSite } from './patch-site.js'
import { SettingsForm } from './SettingsForm.js'
import type { SiteFormProps } from './site-form-props.js'

/**
 * What the widget offers on a site: two-way chat, and whether the launcher hides while no agent is
 * online. Only a changed setting is sent, so that each works on its own.
 */
export function SiteWidgetForm({ site, onSaved }: SiteFormProps) {
  return (
    <SettingsForm
      title="Chat widget"
      submit="Save chat widget"
      action={async (fields) => {
        const twoWayChat = fields.has('twoWayChat')
        const hideLauncherWhenTeamOffline = fields.has('hideLauncherWhenTeamOffline')
        const widget = {
          ...(twoWayChat !== site.widget.twoWayChat && { twoWayChat }),
          ...(hideLauncherWhenTeamOffline !== site.widget.hideLauncherWhenTeamOffline && { hideLauncherWhenTeamOffline }),
        }
        if (Object.keys(widget).length === 0) return 'Nothing changed.'
        onSaved(await patchSite(site.id, { widget }))
        return 'Saved.'
      }}
    >
      <CheckField
        label="Two-way chat: visitors can write"
        name="twoWayChat"
        defaultChecked={site.widget.twoWayChat}
        help="Off: the widget shows the team's messages and a notice, without a message box, and the server refuses visitor messages."
      />
      <CheckField
        label="Hide the launcher while no agent is online"
        name="hideLauncherWhenTeamOffline"
        defaultChecked={site.widget.hideLauncherWhenTeamOffline}
        help="A visitor who already has a conversation still sees it."
      />
    </SettingsForm>
  )
}
