import { lookup, type LookupAddress, type LookupOptions } from 'node:dns'
import type { LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

const ipv4Compatible = ipaddr.parseCIDR('::/96')

/**
 * Whether a webhook may connect to this IP address: only to a global unicast one. Loopback, private
 * (RFC 1918), link-local (with the cloud metadata address), CGNAT, unique-local, multicast, unspecified,
 * reserved and documentation ranges are refused, and so is an IPv4 address inside IPv6 (mapped, NAT64,
 * 6to4, Teredo) unless it is itself public; so is every IPv4-compatible IPv6 address (::/96).
 *
 * @example
 * ```ts
 * isPublicAddress('93.184.215.14') // true
 * isPublicAddress('::ffff:169.254.169.254') // false
 * ```
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  // `process` turns an IPv4-mapped IPv6 address into the IPv4 one, so that it is judged as such.
  const parsed = ipaddr.process(address)
  // ipaddr.js calls IPv4-compatible IPv6 addresses (::/96, deprecated by RFC 4291) unicast, yet some stacks
  // still route ::7f00:1 to 127.0.0.1: none of them is a public address.
  if (parsed.kind() === 'ipv6' && parsed.match(ipv4Compatible)) return false
  return parsed.range() === 'unicast'
}

/** Thrown when a webhook's host resolves to no address it may connect to. */
export class ForbiddenAddressError extends Error {
  override readonly name = 'ForbiddenAddressError'
  readonly code = 'EFORBIDDENADDRESS'

  constructor(host: string, addresses: readonly string[]) {
    super(`${host} resolves to ${addresses.join(', ')}: not a public address, refused (PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE allows it)`)
  }
}

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
