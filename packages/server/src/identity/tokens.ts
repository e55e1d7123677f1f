import { createHmac, randomBytes } from 'node:crypto'

/** A new random bearer token: 256 bits, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The form a token is stored in: keyed with the server secret, so that the database alone, if it leaks,
 * neither holds usable tokens nor lets anyone check a guess.
 */
export function hashToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('base64url')
}
