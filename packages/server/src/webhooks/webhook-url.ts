import { isIP } from 'node:net'
import { PorchlightError } from '../errors/porchlight-error.js'
import { isPublicAddress } from './is-public-address.js'

/**
 * Checks a webhook URL given by an admin and returns it normalised (without a fragment): an absolute
 * `http:` or `https:` URL without credentials (`webhook_url_invalid`), whose host is not an internal
 * address written as an IP (`webhook_url_forbidden`, unless private addresses are allowed). Names are
 * checked when a delivery connects, since what they resolve to can change.
 *
 * @example
 * ```ts
 * webhookUrl('https://example.com/hooks#x', false) // 'https://example.com/hooks'
 * webhookUrl('http://127.0.0.1/', false) // throws webhook_url_forbidden
 * ```
 */
export function webhookUrl(text: string, allowPrivateAddresses: boolean): string {
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !url.hostname) {
    throw new PorchlightError('webhook_url_invalid')
  }
  url.hash = ''
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (!allowPrivateAddresses && isIP(host) !== 0 && !isPublicAddress(host)) throw new PorchlightError('webhook_url_forbidden')
  return url.href
}
