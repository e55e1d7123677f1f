import { createHmac, timingSafeEqual } from 'node:crypto'

const mac = (secret: string, visitorId: string) => createHmac('sha256', secret).update(`unsubscribe\0${visitorId}`).digest()

/**
 * The token in a follow-up's unsubscribe link: the visitor's id, signed with the server secret. Nothing is
 * stored, nobody can make one for another visitor, and every email to a visitor carries the same one.
 *
 * @example
 * ```ts
 * const token = unsubscribeToken(secret, visitorId)
 * verifyUnsubscribeToken(secret, token) // visitorId
 * ```
 */
export function unsubscribeToken(secret: string, visitorId: string): string {
  return `${visitorId}.${mac(secret, visitorId).toString('base64url')}`
}

/** The visitor an unsubscribe token stands for, or undefined when the server did not sign it. */
export function verifyUnsubscribeToken(secret: string, token: string): string | undefined {
  const dot = token.lastIndexOf('.')
  if (dot <= 0) return undefined
  const visitorId = token.slice(0, dot)
  const given = Buffer.from(token.slice(dot + 1), 'base64url')
  const expected = mac(secret, visitorId)
  return given.length === expected.length && timingSafeEqual(given, expected) ? visitorId : undefined
}
