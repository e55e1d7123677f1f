import type { FastifyReply } from 'fastify'
import type { RateLimits } from '../config/options.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { hashToken } from '../identity/tokens.js'
import type { SignInAttemptRepository } from '../store/sign-in-attempt-repository.js'

/**
 * Limits sign-in attempts per account, from any address: at most `loginAttemptsPerAccount` in a window
 * of `loginAttemptsWindow` that opens with the first attempt, so that guesses spread over many addresses
 * are slowed too, and a lock-out never outlasts its window. A successful sign-in starts the count again.
 *
 * Attempts are counted by email whether or not an agent has it, so that the limit behaves the same for
 * every email and tells nothing about which ones exist. A browser that an agent signed in from before
 * (the `porchlight_device` cookie) has its own count, so that an attacker who keeps an account locked does not
 * keep its agent out.
 *
 * @example
 * ```ts
 * const key = throttle.key(email, deviceId)
 * await throttle.admit(key, now, reply) // throws too_many_sign_in_attempts over the limit
 * ```
 */
export class SignInThrottle {
  readonly #attempts: SignInAttemptRepository
  readonly #secret: string
  readonly #limits: Pick<RateLimits, 'loginAttemptsPerAccount' | 'loginAttemptsWindow'>

  constructor(
    attempts: SignInAttemptRepository,
    secret: string,
    limits: Pick<RateLimits, 'loginAttemptsPerAccount' | 'loginAttemptsWindow'>,
  ) {
    this.#attempts = attempts
    this.#secret = secret
    this.#limits = limits
  }

  /** The key that counts attempts at `email`, or at it from a known device. Keyed hashes: emails stay out of the table. */
  key(email: string, deviceId: string | undefined): string {
    return hashToken(this.#secret, deviceId === undefined ? `sign-in:account:${email.toLowerCase()}` : `sign-in:device:${deviceId}`)
  }

  /**
   * Counts an attempt before the password is checked, so that concurrent attempts cannot slip past the
   * limit together. Over the limit it throws `too_many_sign_in_attempts` (429), with `Retry-After` set to
   * the end of the window.
   */
  async admit(key: string, now: number, reply: FastifyReply): Promise<void> {
    const { count, windowEndsAt } = await this.#attempts.record(key, now, this.#limits.loginAttemptsWindow)
    if (count <= this.#limits.loginAttemptsPerAccount) return
    void reply.header('retry-after', String(Math.max(1, Math.ceil((windowEndsAt - now) / 1000))))
    throw new PorchlightError('too_many_sign_in_attempts')
  }

  /** Forgets the attempts under `key`, after a successful sign-in. */
  async reset(key: string): Promise<void> {
    await this.#attempts.reset(key)
  }
}
