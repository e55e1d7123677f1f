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
