/**
 * An error the server reported, by its stable code from `@porchlight/protocol` (`invalid_frame`,
 * `rate_limited`, `identity_invalid`, `identity_required`, `unknown_site`, `origin_not_allowed`, ...).
 */
export interface ClientError {
  readonly code: string
  readonly message: string
  /** The pending message the error concerns, if any. */
  readonly clientId?: string
}
