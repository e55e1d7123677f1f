import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { webhookHeaders } from '@porchlight/protocol'
import { ForbiddenAddressError } from './forbidden-address-error.js'
import { isPublicAddress } from './is-public-address.js'
import { publicOnlyLookup } from './public-only-lookup.js'
import { webhookSignature } from './webhook-signature.js'

/** One webhook request: the stored body, signed at `timestamp` (unix seconds). */
export interface WebhookRequest {
  url: string
  secret: string
  deliveryId: string
  event: string
  body: string
  timestamp: number
}

/**
 * What an attempt came to: `delivered` (2xx), `retry` (408, 429, 5xx, a network error or no answer in
 * time: it may work later) or `failed` (any other answer, or an address that is not allowed: it will not).
 */
export interface SendOutcome {
  result: 'delivered' | 'retry' | 'failed'
  statusCode: number | null
  error: string | null
}

/** How a webhook request is made. */
export interface SendOptions {
  /** Connect to loopback and private addresses too. */
  allowPrivateAddresses: boolean
  /** How long the receiver has to answer with its status line, in milliseconds. */
  timeout: number
  /** Ends the attempt early (the server is stopping, the job ran out of time). */
  signal?: AbortSignal
}

function judge(response: IncomingMessage): SendOutcome {
  const statusCode = response.statusCode ?? 0
  if (statusCode >= 200 && statusCode < 300) return { result: 'delivered', statusCode, error: null }
  const retry = statusCode === 408 || statusCode === 429 || statusCode >= 500
  // A redirect is not followed: it could lead anywhere, internal addresses included.
  const error = statusCode >= 300 && statusCode < 400 ? `HTTP ${statusCode}: redirects are not followed` : `HTTP ${statusCode}`
  return { result: retry ? 'retry' : 'failed', statusCode, error }
}

/**
 * POSTs a webhook: signed, with its delivery id and event type in headers, no redirect followed, the
 * answer's body never read (only its status counts), and only to public addresses unless private ones are
 * allowed. Never throws: every way it can end is a {@link SendOutcome}.
 *
 * @example
 * ```ts
 * const outcome = await sendWebhook({ url, secret, deliveryId, event: 'message.created', body, timestamp: 1763780000 },
 *   { allowPrivateAddresses: false, timeout: 10_000 })
 * ```
 */
export function sendWebhook(webhook: WebhookRequest, options: SendOptions): Promise<SendOutcome> {
  const url = new URL(webhook.url)
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  // Sockets skip `lookup` for an address written as an IP: that one is checked here.
  if (!options.allowPrivateAddresses && isIP(host) !== 0 && !isPublicAddress(host)) {
    return Promise.resolve({ result: 'failed', statusCode: null, error: new ForbiddenAddressError(host, [host]).message })
  }
  const body = Buffer.from(webhook.body)
  return new Promise((resolve) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      agent: false,
      ...(!options.allowPrivateAddresses && { lookup: publicOnlyLookup }),
      signal: AbortSignal.any([AbortSignal.timeout(options.timeout), ...(options.signal ? [options.signal] : [])]),
      headers: {
        'content-type': 'application/json',
        'content-length': body.length,
        'user-agent': 'Porchlight-Webhooks/1',
        [webhookHeaders.signature]: webhookSignature(webhook.secret, webhook.timestamp, webhook.body),
        [webhookHeaders.delivery]: webhook.deliveryId,
        [webhookHeaders.event]: webhook.event,
      },
    })
    request.once('response', (response) => {
      resolve(judge(response))
      response.destroy()
    })
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof ForbiddenAddressError) return resolve({ result: 'failed', statusCode: null, error: error.message })
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError'
      const reason = timedOut ? `no answer within ${options.timeout / 1000} s` : `${error.code ?? error.name}: ${error.message}`
      resolve({ result: 'retry', statusCode: null, error: reason })
    })
    request.end(body)
  })
}
