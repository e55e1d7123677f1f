import { describe, expect, it } from 'vitest'
import { returnLink } from './return-link.js'

const fallback = 'http://chat.test'

describe('returnLink', () => {
  it('leads to the start page, keeping its query and fragment', () => {
    expect(returnLink({ mode: 'page' }, 'https://shop.test/a?x=1#top', null, fallback, 'tok')).toBe(
      'https://shop.test/a?x=1#top&porchlight=tok',
    )
    expect(returnLink({ mode: 'page' }, 'https://shop.test/a', ['https://shop.test'], fallback, 'tok')).toBe(
      'https://shop.test/a#porchlight=tok',
    )
  })

  it("leads to the site's custom URL when it has one", () => {
    expect(returnLink({ mode: 'custom', url: 'https://help.test/chat' }, 'https://shop.test/a', null, fallback, 'tok')).toBe(
      'https://help.test/chat#porchlight=tok',
    )
  })

  it('does not trust a start page off the allowed origins or of another scheme', () => {
    expect(returnLink({ mode: 'page' }, 'https://evil.test/a', ['https://shop.test'], fallback, 'tok')).toBe(
      'http://chat.test/#porchlight=tok',
    )
    expect(returnLink({ mode: 'page' }, 'javascript:alert(1)', null, fallback, 'tok')).toBe('http://chat.test/#porchlight=tok')
    expect(returnLink({ mode: 'page' }, null, null, fallback, 'tok')).toBe('http://chat.test/#porchlight=tok')
  })

  it('replaces an old token in the fragment', () => {
    expect(returnLink({ mode: 'page' }, 'https://shop.test/#porchlight=old&x', null, fallback, 'new')).toBe(
      'https://shop.test/#x&porchlight=new',
    )
  })
})
