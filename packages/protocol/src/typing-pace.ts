/**
 * The pace of typing indicators, in milliseconds. A client sends `active: true` at most once every
 * `resendAfter` while the person types (and `active: false` when the text empties or is sent); the
 * server forwards at most one frame per `serverInterval` per socket and conversation (a stop right
 * after a forwarded start always goes through); a receiver clears an indicator `clearAfter` after the
 * last `active: true`, or when a message from that author arrives.
 *
 * @example
 * ```ts
 * import { typingPace } from '@porchlight/protocol'
 * setTimeout(hideIndicator, typingPace.clearAfter)
 * ```
 */
export const typingPace = { resendAfter: 2_000, serverInterval: 1_000, clearAfter: 6_000 } as const
