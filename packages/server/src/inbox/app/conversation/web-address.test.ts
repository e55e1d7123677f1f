import { describe, expect, it } from 'vitest'
import { webAddress } from './web-address.js'

describe('web addresses of visitor pages', () => {
  it('links http and https pages', () => {
    expect(webAddress('https://shop.example/cart?x=1#top')).toBe('https://shop.example/cart?x=1#top')
    expect(webAddress('http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000/')
  })

  it('links nothing else', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      '/relative',
      'not a url',
    ]) {
      expect(webAddress(url)).toBeNull()
    }
  })
})
