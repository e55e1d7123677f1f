import { visitorClientFrames } from '@porchlight/protocol'
import { describe, expect, it } from 'vitest'
import { frameParser } from './frame-parser.js'

const parse = frameParser(visitorClientFrames)

describe('frameParser', () => {
  it('returns a frame that matches its schema', () => {
    expect(parse('{"type":"message.send","clientId":"c1","text":"hi"}', false)).toEqual({
      ok: true,
      frame: { type: 'message.send', clientId: 'c1', text: 'hi' },
    })
  })

  it.each([
    ['binary data', Buffer.from('{}'), true, 'invalid_frame', 'binary'],
    ['text that is not JSON', '{nope', false, 'invalid_frame', 'not valid JSON'],
    ['an array', '[1]', false, 'invalid_frame', 'JSON object'],
    ['a missing type', '{}', false, 'unknown_frame_type', 'no "type"'],
    ['an unknown type', '{"type":"launch"}', false, 'unknown_frame_type', '"launch"'],
    ['a type that is an object', '{"type":{"a":1}}', false, 'unknown_frame_type', 'a "type" that is a object'],
    ['a type that is an array', '{"type":[1]}', false, 'unknown_frame_type', 'an array'],
  ])('refuses %s', (_name, data, isBinary, code, words) => {
    const result = parse(data, isBinary)
    expect(result).toMatchObject({ ok: false, code, message: expect.stringContaining(words) })
  })

  it('refuses nesting deeper than the limit before parsing, however large the frame, and quotes no value back', () => {
    const deep = `{"type":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    expect(parse(deep, false)).toMatchObject({ ok: false, code: 'invalid_frame', message: 'The frame nests deeper than 16 levels.' })
    const long = parse(JSON.stringify({ type: 'y'.repeat(10_000) }), false)
    expect(long).toMatchObject({ ok: false, code: 'unknown_frame_type' })
    expect(!long.ok && long.message.length).toBeLessThan(200)
  })

  it('names the message of a refused message frame by its client id', () => {
    expect(parse('{"type":"message.send","clientId":"c9","text":""}', false)).toMatchObject({ ok: false, clientId: 'c9' })
    expect(parse('{"type":"message.send","clientId":"c9","text":"\\ud800"}', false)).toMatchObject({
      ok: false,
      clientId: 'c9',
      message: expect.stringContaining('lone UTF-16 surrogate'),
    })
    expect(parse(JSON.stringify({ type: 'message.send', clientId: 'x'.repeat(65), text: '' }), false)).not.toHaveProperty('clientId')
  })

  it('counts the text limit in UTF-16 code units', () => {
    expect(parse(JSON.stringify({ type: 'message.send', clientId: 'a', text: '😀'.repeat(2_000) }), false).ok).toBe(true)
    expect(parse(JSON.stringify({ type: 'message.send', clientId: 'a', text: '😀'.repeat(2_001) }), false).ok).toBe(false)
  })
})
