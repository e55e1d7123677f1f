import { randomBytes, timingSafeEqual } from 'node:crypto'
import { hashToken } from '../identity/tokens.js'

/**
 * The cookie that marks a browser an agent has signed in from. Its sign-in attempts are counted apart
 * from everyone else's, so that guesses at an account from elsewhere do not lock its agent out.
 */
export const deviceCookie = 'porchlight_device'

/** How long a browser stays known, in seconds. */
export const deviceCookieMaxAge = 365 * 86_400

const mac = (secret: string, agentId: string, deviceId: string) => hashToken(secret, `device:${agentId}:${deviceId}`)

/**
 * A new device token for this agent: a random device id and a MAC that binds it to the agent, so that
 * it is worth nothing for another account and cannot be forged without the server secret.
 *
 * @example
 * ```ts
 * reply.setCookie(deviceCookie, newDeviceToken(secret, agent.id), { httpOnly: true, maxAge: deviceCookieMaxAge })
 * ```
 */
export function newDeviceToken(secret: string, agentId: string): string {
  const deviceId = randomBytes(16).toString('base64url')
  return `${deviceId}.${mac(secret, agentId, deviceId)}`
}

/**
 * The device id in `token` if the token was issued to this agent, else undefined.
 *
 * @example
 * ```ts
 * const deviceId = trustedDevice(secret, agent.id, request.cookies[deviceCookie])
 * ```
 */
export function trustedDevice(secret: string, agentId: string, token: string | undefined): string | undefined {
  const [deviceId, given, ...rest] = token?.split('.') ?? []
  if (!deviceId || !given || rest.length > 0) return undefined
  const expected = Buffer.from(mac(secret, agentId, deviceId))
  const received = Buffer.from(given)
  return received.length === expected.length && timingSafeEqual(received, expected) ? deviceId : undefined
}
