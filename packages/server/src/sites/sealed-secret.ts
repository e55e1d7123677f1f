import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'

/** Names the key and the format, so that another one can follow without guessing. */
const version = 'v1'

/** The AES-256-GCM key for sealed secrets: derived from the server secret, never stored. */
const keyOf = (serverSecret: string) => createHmac('sha256', serverSecret).update('porchlight identity secret').digest()

/**
 * Seals a site's identity secret with the server secret (AES-256-GCM), so that the database alone, if it
 * leaks, does not let anyone forge a `userHash` and take over a verified user's conversations. The
 * secret must be readable again to check HMACs, which is why it is encrypted rather than hashed.
 *
 * @example
 * ```ts
 * const sealed = sealSecret(serverSecret, 'identity secret')
 * openSecret(serverSecret, sealed) // 'identity secret'
 * ```
 */
export function sealSecret(serverSecret: string, secret: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(serverSecret), iv)
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
  return [version, iv, cipher.getAuthTag(), sealed].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.')
}

/** The secret {@link sealSecret} sealed; undefined when it was sealed with another server secret or is not sealed. */
export function openSecret(serverSecret: string, sealed: string): string | undefined {
  const [tag, iv, authTag, data] = sealed.split('.')
  if (tag !== version || iv === undefined || authTag === undefined || data === undefined) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(serverSecret), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(authTag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}
