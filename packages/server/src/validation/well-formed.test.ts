import { describe, expect, it } from 'vitest'
import { findLoneSurrogate } from './well-formed.js'

const check = (text: string) => findLoneSurrogate(JSON.parse(text), text)

describe('findLoneSurrogate', () => {
  it('finds a lone high or low surrogate in a value or a key, with its path', () => {
    expect(check('{"text":"a\\ud83d"}')).toBe('/text')
    expect(check('{"list":["ok","\\ude00b"]}')).toBe('/list/1')
    expect(check('{"\\ud800":1}')).toBe('/\ud800')
    expect(check('"\\udfff"')).toBe('/')
  })

  it('accepts pairs, and text without surrogate escapes is not walked', () => {
    expect(check('{"text":"\\ud83d\\ude00 and 😀"}')).toBeUndefined()
    // Only an escape can make a lone surrogate in JSON text; without one, the value is not looked at.
    expect(findLoneSurrogate({ text: '\ud800' }, '{"text":"plain"}')).toBeUndefined()
  })
})
