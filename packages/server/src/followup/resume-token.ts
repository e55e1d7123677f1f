import { createHmac } from 'node:crypto'

/**
 * The token in the return link of the email with this `Message-ID`: derived from it with the server
 * secret, so every attempt at sending one email carries the same link (one stored token per email, and
 * whichever attempt arrived, its link works), and nobody without the secret can make one.
 *
 * @example
 * ```ts
 * const token = resumeToken(secret, '<followup.c1.after.0@chat.example.com>')
 * ```
 */
export function resumeToken(secret: string, messageId: string): string {
  return createHmac('sha256', secret).update(`resume\0${messageId}`).digest('base64url')
}
