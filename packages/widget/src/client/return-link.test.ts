import { afterEach, expect, test } from 'vitest'
import { takeReturnToken } from './return-link.js'

afterEach(() => history.replaceState(null, '', '/'))

test('takes the token out of the address at once, keeping the rest of the fragment', () => {
  history.replaceState(null, '', '/pricing?plan=pro#faq&porchlight=abc_123')
  const entries = history.length
  expect(takeReturnToken()).toBe('abc_123')
  expect(location.pathname + location.search + location.hash).toBe('/pricing?plan=pro#faq')
  // Replaced, not pushed: Back does not bring the token back.
  expect(history.length).toBe(entries)
})

test('leaves an address without a token alone, and drops an empty fragment', () => {
  history.replaceState(null, '', '/a#top')
  expect(takeReturnToken()).toBeUndefined()
  expect(location.hash).toBe('#top')
  history.replaceState(null, '', '/a#porchlight=t')
  expect(takeReturnToken()).toBe('t')
  expect(location.href.endsWith('/a')).toBe(true)
})
