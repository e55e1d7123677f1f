import { describe, expect, it } from 'vitest'
import { textList } from './text-list.js'

describe('textList', () => {
  it('splits on lines, commas and spaces, dropping empty entries and repeats', () => {
    expect(textList('')).toEqual([])
    expect(textList(' \n \n')).toEqual([])
    expect(textList('a@example.com')).toEqual(['a@example.com'])
    expect(textList('https://a.example\r\n\n https://b.example, https://a.example ,https://c.example')).toEqual([
      'https://a.example',
      'https://b.example',
      'https://c.example',
    ])
  })
})
