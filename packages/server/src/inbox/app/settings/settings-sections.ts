import type { ComponentType } from 'preact'
import { CannedResponsesSettings } from './CannedResponsesSettings.js'
import { MonitoringSettingsForm } from './MonitoringSettingsForm.js'
import { SitesSettings } from './SitesSettings.js'
import { TeamSettings } from './TeamSettings.js'
import { WebhooksSettings } from './WebhooksSettings.js'

/** The admin pages under `#/settings/<id>`, in the order of their navigation; the first is the default. */
export const settingsSections: ReadonlyArray<{ id: string; label: string; page: ComponentType }> = [
  { id: 'team', label: 'Team', page: TeamSettings },
  { id: 'sites', label: 'Sites', page: SitesSettings },
  { id: 'webhooks', label: 'Webhooks', page: WebhooksSettings },
  { id: 'monitoring', label: 'Monitoring', page: MonitoringSettingsForm },
  { id: 'canned-responses', label: 'Canned responses', page: CannedResponsesSettings },
]
