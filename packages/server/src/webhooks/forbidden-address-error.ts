/** Thrown when a webhook's host resolves to no address it may connect to. */
export class ForbiddenAddressError extends Error {
  override readonly name = 'ForbiddenAddressError'
  readonly code = 'EFORBIDDENADDRESS'

  constructor(host: string, addresses: readonly string[]) {
    super(`${host} resolves to ${addresses.join(', ')}: not a public address, refused (PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE allows it)`)
  }
}
