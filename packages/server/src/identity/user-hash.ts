import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Whether `userHash` is the hex HMAC-SHA256 of `userId` under the site's identity secret: proof that the
 * website's own server, which holds the secret, vouches for the user.
 *
 * @example
 * ```ts
 * const userHash = createHmac('sha256', secret).update('user-42').digest('hex')
 * verifyUserHash(secret, 'user-42', userHash) // true
 * ```
 */
export function verifyUserHash(secret: string, userId: string, userHash: string): boolean {
  const expected = createHmac('sha256', secret).update(userId).digest()
  const given = Buffer.from(userHash, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
