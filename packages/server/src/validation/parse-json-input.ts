import { limits } from '@porchlight/protocol'
import secureJson from 'secure-json-parse'
import { PorchlightError } from '../errors/porchlight-error.js'
import { exceedsJsonDepth } from './json-depth.js'
import { findLoneSurrogate } from './well-formed.js'

/**
 * Parses a JSON request body the way the sockets parse frames: nesting bounded before anything walks
 * it, no `__proto__` or `constructor.prototype` keys (prototype pollution), and no lone surrogates (they
 * could not be stored as sent). Throws `bad_request` saying which.
 *
 * @example
 * ```ts
 * app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
 *   try { done(null, parseJsonInput(body as string)) } catch (error) { done(error as Error) }
 * })
 * ```
 */
export function parseJsonInput(text: string): unknown {
  if (exceedsJsonDepth(text, limits.jsonDepth))
    throw new PorchlightError('bad_request', `The body nests deeper than ${limits.jsonDepth} levels.`)
  let value: unknown
  try {
    value = secureJson.parse(text, null, { protoAction: 'error', constructorAction: 'error' })
  } catch (error) {
    throw new PorchlightError('bad_request', `The body is not valid JSON: ${(error as Error).message}`)
  }
  const malformed = findLoneSurrogate(value, text)
  if (malformed !== undefined)
    throw new PorchlightError('bad_request', `The body holds a lone UTF-16 surrogate at ${malformed}: it is not text.`)
  return value
}
