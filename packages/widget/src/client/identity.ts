/**
 * Who the visitor is, as the host site knows them. Every field is optional; `userHash` is the hex
 * HMAC-SHA256 of `userId` with the site's identity secret, computed on the host site's server, and
 * proves that the page did not make the `userId` up.
 */
export interface Identity {
  userId?: string
  email?: string
  name?: string
  userHash?: string
}
