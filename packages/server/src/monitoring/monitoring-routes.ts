import { MonitoringBody, MonitoringSettings } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { requireAdmin } from '../auth/require-admin.js'
import { adminWriteErrors } from '../auth/admin-write-errors.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { isEmailAddress } from '../identity/email-address.js'
import { durationSetting } from '../sites/site-settings.js'
import { sessionRequired } from '../web/api-docs.js'
import type { TeamMonitor } from './team-monitor.js'

/** What a threshold accepts: from a second (tests, impatient teams) to a day. */
const thresholdBounds = { min: 1_000, max: 86_400_000 }

/**
 * `GET/PUT /api/monitoring`: the team-monitoring alert addresses and thresholds. Admins only; a change
 * applies to the episode under way at once.
 */
export async function monitoringRoutes(
  app: FastifyInstance,
  context: { monitor: TeamMonitor; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { monitor } = context
  app.addHook('preHandler', context.authenticate)
  app.addHook('preHandler', requireAdmin)
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.get(
    '/api/monitoring',
    {
      schema: {
        summary: 'Team monitoring: who is emailed when no agent is online, and after how long',
        tags: ['monitoring'],
        ...sessionRequired,
        response: { 200: MonitoringSettings, ...errorResponses('unauthorized', 'admin_required') },
      },
    },
    () => monitor.settings(),
  )

  typed.put(
    '/api/monitoring',
    {
      schema: {
        summary: 'Replace the team monitoring settings; no addresses: no alerts',
        description:
          'An email goes to `addresses` once no agent has been online for more than `offlineAfter` (once per ' +
          'offline episode), and once the team has then been online again for more than `onlineAfter`. ' +
          'Thresholds accept milliseconds or "30s", "5m", "2h" (1 s to 1 day; default 60 s) and are answered in ms.',
        tags: ['monitoring'],
        ...sessionRequired,
        body: MonitoringBody,
        response: {
          200: MonitoringSettings,
          ...errorResponses(...adminWriteErrors, 'invalid_setting'),
        },
      },
    },
    async (request) => {
      const { addresses, offlineAfter, onlineAfter } = request.body
      const unique = [...new Set(addresses.map((address) => address.trim()))]
      const bad = unique.find((address) => !isEmailAddress(address))
      if (bad !== undefined) {
        throw new PorchlightError('invalid_setting', `addresses accepts email addresses like ops@example.com, not ${JSON.stringify(bad)}.`)
      }
      return monitor.configure({
        addresses: unique,
        offlineAfter: durationSetting('offlineAfter', thresholdBounds, offlineAfter) ?? null,
        onlineAfter: durationSetting('onlineAfter', thresholdBounds, onlineAfter) ?? null,
      })
    },
  )
}
