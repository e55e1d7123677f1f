/**
 * An error the server reported, by its stable code from `@porchlight/protocol` (`invalid_frame`,
 * `rate_limited`, `identity_invalid`, `unknown_site`, ...).
 */
export interface ClientError {
  readonly code: string
  readonly message: string
  /** The pending message the error concerns, if any. */
  readonly clientId?: string
}
