/**
 * Size bounds shared by the server (which enforces them) and clients (which can respect them up front).
 *
 * @example
 * ```ts
 * import { limits } from '@porchlight/protocol'
 * if (text.length > limits.messageText) throw new Error('too long')
 * ```
 */
export const limits = {
  /** Longest message text, in UTF-16 code units. */
  messageText: 4000,
  /** Longest client-chosen message id. */
  clientId: 64,
  /** Largest WebSocket frame the server reads, in bytes; a larger one closes the socket with 1009. */
  frameBytes: 32 * 1024,
  /** Largest REST request body, in bytes. */
  bodyBytes: 64 * 1024,
  /** Longest visitor name, email, external user id or URL. */
  profileField: 256,
  /** Longest page URL a visitor reports. */
  url: 2048,
  /** Longest browser language a visitor reports (a BCP 47 tag such as `de-DE`). */
  languageTag: 35,
  /** Longest time zone a visitor reports (an IANA name such as `America/Argentina/Buenos_Aires`). */
  timeZone: 64,
  /** Longest `User-Agent` header the server keeps of a visitor's socket; the rest is cut off. */
  userAgent: 512,
  /** Deepest nesting of objects and arrays in a frame or a request body. */
  jsonDepth: 16,
  /**
   * The longest a client waits between two reconnection attempts, in milliseconds: after a restart, the
   * server counts on every widget being back within it.
   */
  reconnectDelay: 30_000,
} as const
