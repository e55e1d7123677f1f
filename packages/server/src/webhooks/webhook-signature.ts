import { createHmac } from 'node:crypto'

/**
 * The `Porchlight-Signature` header of a webhook request sent at `timestamp` (unix seconds):
 * `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. The time is signed with the body, so
 * a receiver that refuses old timestamps refuses replays.
 *
 * @example
 * ```ts
 * webhookSignature('whsec_…', 1763780000, '{"id":"…"}') // 't=1763780000,v1=5f2b…'
 * ```
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
  return `t=${timestamp},v1=${digest}`
}
