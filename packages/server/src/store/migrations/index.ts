import type { Migration } from 'kysely'
import { initial } from './001-initial.js'
import { presence } from './002-presence.js'
import { signInAttempts } from './003-sign-in-attempts.js'
import { jobs } from './004-jobs.js'
import { siteSettings } from './005-site-settings.js'
import { readReceipts } from './006-read-receipts.js'
import { followups } from './007-followups.js'
import { webhooks } from './008-webhooks.js'
import { team } from './010-team.js'
import { workflow } from './009-workflow.js'
import { twoWayChat } from './011-two-way-chat.js'
import { visitorDetails } from './012-visitor-details.js'

/** Every migration, by a name that sorts in the order they run. Never edit one that has shipped: add another. */
export const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-presence': presence,
  '003-sign-in-attempts': signInAttempts,
  '004-jobs': jobs,
  '005-site-settings': siteSettings,
  '006-read-receipts': readReceipts,
  '007-followups': followups,
  '008-webhooks': webhooks,
  '010-team': team,
  '009-workflow': workflow,
  '011-two-way-chat': twoWayChat,
  '012-visitor-details': visitorDetails,
}
