import { describe, expect, it } from 'vitest'
import { Drafts } from './drafts.js'

describe('reply drafts', () => {
  it('keep one clientId per draft across edits and retries, and a new one after it is sent or emptied', () => {
    let next = 0
    const drafts = new Drafts(() => `id-${++next}`)
    expect(drafts.clientId('c1')).toBeUndefined()
    drafts.edit('c1', 'Hel')
    drafts.edit('c1', 'Hello')
    expect(drafts.text('c1')).toBe('Hello')
    // A send whose response was lost, then the retry: the same id, so the server stores it once.
    expect(drafts.clientId('c1')).toBe('id-1')
    expect(drafts.clientId('c1')).toBe('id-1')
    drafts.edit('c2', 'Other')
    expect(drafts.clientId('c2')).toBe('id-2')
    drafts.edit('c1', '')
    expect(drafts.text('c1')).toBe('')
    drafts.edit('c1', 'Next reply')
    expect(drafts.clientId('c1')).toBe('id-3')
    expect(drafts.clientId('c2')).toBe('id-2')
  })
})
