/**
 * A new random message id for `message.send`, which makes a resend idempotent. `crypto.randomUUID` only
 * exists in secure contexts (https, localhost); a page on plain http falls back to `getRandomValues`, and
 * a very old browser to `Math.random`. Every variant matches the protocol's `ClientId` pattern.
 */
export function createClientId(source: Partial<Crypto> | undefined = globalThis.crypto): string {
  if (source?.randomUUID) return source.randomUUID()
  const words = source?.getRandomValues
    ? source.getRandomValues(new Uint32Array(4))
    : Uint32Array.from({ length: 4 }, () => Math.random() * 2 ** 32)
  return Array.from(words, (word) => word.toString(36)).join('-')
}
