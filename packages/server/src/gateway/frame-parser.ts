import type { ErrorCode } from '@porchlight/protocol'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'

/** The result of reading one frame: the frame, or the coded error to answer with. */
export type ParsedFrame<Frame> = { ok: true; frame: Frame } | { ok: false; code: ErrorCode; message: string }

/**
 * Compiles the schemas of every frame an endpoint accepts, keyed by `type`, into a parser that turns raw
 * socket data into a validated frame or a coded error (`invalid_frame`, `unknown_frame_type`).
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
  return (data, isBinary) => {
    if (isBinary) return { ok: false, code: 'invalid_frame', message: 'Frames are JSON text, not binary.' }
    let frame: unknown
    try {
      frame = JSON.parse(String(data))
    } catch {
      return { ok: false, code: 'invalid_frame', message: 'The frame is not valid JSON.' }
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      return { ok: false, code: 'invalid_frame', message: 'A frame is a JSON object with a "type".' }
    }
    const type: unknown = (frame as { type?: unknown }).type
    const validator = typeof type === 'string' ? validators.get(type) : undefined
    if (!validator) {
      return {
        ok: false,
        code: 'unknown_frame_type',
        message: `Unknown frame type ${JSON.stringify(type)}; expected one of: ${[...validators.keys()].join(', ')}.`,
      }
    }
    if (validator.Check(frame)) return { ok: true, frame: frame as Frame }
    const [first] = validator.Errors(frame)
    const where = first?.instancePath ? `${first.instancePath}: ` : ''
    return {
      ok: false,
      code: 'invalid_frame',
      message: `Invalid "${type}" frame: ${where}${first?.message ?? 'does not match its schema'}.`,
    }
  }
}
