import { limits, type ErrorCode } from '@porchlight/protocol'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { exceedsJsonDepth } from '../validation/json-depth.js'
import { findLoneSurrogate } from '../validation/well-formed.js'

/**
 * The result of reading one frame: the frame, or the coded error to answer with. A refused frame that
 * names a message (`clientId`) is answered with it, so that the client can drop that message rather
 * than send it again forever.
 */
export type ParsedFrame<Frame> = { ok: true; frame: Frame } | { ok: false; code: ErrorCode; message: string; clientId?: string }

/** The client id of a frame that failed validation, if it has a usable one. */
function clientIdOf(frame: object): string | undefined {
  const { clientId } = frame as { clientId?: unknown }
  return typeof clientId === 'string' && clientId.length <= limits.clientId ? clientId : undefined
}

/** The longest part of a client's `type` quoted back in an error. */
const quotedTypeLength = 40

/** Names what a client sent as `type` without echoing an arbitrary value back. */
function describeType(type: unknown): string {
  if (type === undefined) return 'no "type"'
  if (typeof type !== 'string') return `a "type" that is ${Array.isArray(type) ? 'an array' : `a ${type === null ? 'null' : typeof type}`}`
  const quoted = JSON.stringify(type.slice(0, quotedTypeLength))
  return `the frame type ${type.length > quotedTypeLength ? `${quoted.slice(0, -1)}…"` : quoted}`
}

/**
 * Compiles the schemas of every frame an endpoint accepts, keyed by `type`, into a parser that turns raw
 * socket data into a validated frame or a coded error (`invalid_frame`, `unknown_frame_type`). Nothing
 * walks the data before its nesting is known to be shallow ({@link limits.jsonDepth}), and no string with
 * a lone surrogate gets through (it could not be stored as sent).
 *
 * @example
 * ```ts
 * const parse = frameParser<VisitorClientFrame>(visitorClientFrames)
 * const result = parse(data, false)
 * if (!result.ok) send({ type: 'error', code: result.code, message: result.message })
 * ```
 */
export function frameParser<Frame>(schemas: Record<string, TSchema>): (data: unknown, isBinary: boolean) => ParsedFrame<Frame> {
  const validators = new Map(Object.entries(schemas).map(([type, schema]) => [type, Compile(schema)]))
  const expected = [...validators.keys()].join(', ')
  const invalid = (message: string, frame?: object): ParsedFrame<Frame> => {
    const clientId = frame && clientIdOf(frame)
    return { ok: false, code: 'invalid_frame', message, ...(clientId !== undefined && { clientId }) }
  }
  return (data, isBinary) => {
    if (isBinary) return invalid('Frames are JSON text, not binary.')
    const text = String(data)
    if (exceedsJsonDepth(text, limits.jsonDepth)) return invalid(`The frame nests deeper than ${limits.jsonDepth} levels.`)
    let frame: unknown
    try {
      frame = JSON.parse(text)
    } catch {
      return invalid('The frame is not valid JSON.')
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      return invalid('A frame is a JSON object with a "type".')
    }
    const type: unknown = (frame as { type?: unknown }).type
    const validator = typeof type === 'string' ? validators.get(type) : undefined
    if (!validator) {
      return { ok: false, code: 'unknown_frame_type', message: `Unknown frame: ${describeType(type)}; expected one of: ${expected}.` }
    }
    const malformed = findLoneSurrogate(frame, text)
    if (malformed !== undefined)
      return invalid(`Invalid "${type as string}" frame: ${malformed}: a lone UTF-16 surrogate is not text.`, frame)
    if (validator.Check(frame)) return { ok: true, frame: frame as Frame }
    const [first] = validator.Errors(frame)
    const where = first?.instancePath ? `${first.instancePath}: ` : ''
    return invalid(`Invalid "${type as string}" frame: ${where}${first?.message ?? 'does not match its schema'}.`, frame)
  }
}
