import { lookup, type LookupAddress, type LookupOptions } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { ForbiddenAddressError } from './forbidden-address-error.js'
import { isPublicAddress } from './is-public-address.js'

/**
 * A `lookup` for sockets that resolves as usual and keeps only the public addresses, so that the address
 * checked is the address connected to: a name that resolves to a public address once and to an internal
 * one the next time (DNS rebinding) cannot slip through. With none left it fails with
 * {@link ForbiddenAddressError}.
 *
 * @example
 * ```ts
 * http.request(url, { lookup: publicOnlyLookup })
 * ```
 */
export const publicOnlyLookup: LookupFunction = (hostname, options: LookupOptions, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0)
    const allowed = addresses.filter((entry) => isPublicAddress(entry.address))
    const [first] = allowed
    if (!first) {
      return callback(
        new ForbiddenAddressError(
          hostname,
          addresses.map((entry) => entry.address),
        ),
        '',
        0,
      )
    }
    if (options.all) callback(null, allowed)
    else callback(null, first.address, first.family)
  })
}
