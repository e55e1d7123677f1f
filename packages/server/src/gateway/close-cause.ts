import { visitorCloseReasons } from '@porchlight/protocol'
import type { DisconnectCause } from '../presence/presence-engine.js'

/**
 * Why a visitor socket closed, as far as its close frame tells: the widget names `pagehide` or
 * `shutdown`, a browser says 1001 when a page goes away, and anything else is a lost network. (The
 * server knows better when it gave up on the socket itself: a heartbeat timeout.)
 *
 * @example
 * ```ts
 * causeOfClose(1000, 'pagehide') // 'page_closed'
 * causeOfClose(1006, '') // 'network_lost'
 * ```
 */
export function causeOfClose(code: number, reason: string): DisconnectCause {
  if (reason === visitorCloseReasons.pagehide || code === 1001) return 'page_closed'
  if (reason === visitorCloseReasons.shutdown) return 'signed_out'
  return 'network_lost'
}
