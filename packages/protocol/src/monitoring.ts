import { Type, type Static } from 'typebox'
import { Duration } from './sites.js'

/**
 * Team monitoring as the API shows it: who gets the alerts, and the thresholds in milliseconds. An email
 * goes to `addresses` once no agent has been online for more than `offlineAfter` (once per episode), and
 * once the team has been online again for more than `onlineAfter` after an episode that alerted.
 */
export const MonitoringSettings = Type.Object(
  {
    addresses: Type.Array(Type.String()),
    offlineAfter: Type.Integer({ minimum: 1 }),
    onlineAfter: Type.Integer({ minimum: 1 }),
  },
  { $id: 'MonitoringSettings', title: 'MonitoringSettings' },
)
export type MonitoringSettings = Static<typeof MonitoringSettings>

/**
 * The body of `PUT /api/monitoring` (admins): the whole setting. No addresses: no alerts. A threshold
 * left out is the default, 60 s; each accepts 1 s to 1 day.
 */
export const MonitoringBody = Type.Object(
  {
    addresses: Type.Array(Type.String({ minLength: 3, maxLength: 254 }), { maxItems: 20 }),
    offlineAfter: Type.Optional(Duration),
    onlineAfter: Type.Optional(Duration),
  },
  { additionalProperties: false, $id: 'MonitoringBody', title: 'MonitoringBody' },
)
export type MonitoringBody = Static<typeof MonitoringBody>
