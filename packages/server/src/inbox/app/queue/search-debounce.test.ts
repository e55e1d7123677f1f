import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SearchDebounce, searchPause } from './search-debounce.js'

describe('the search box', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks once, after a pause in the typing, and not at all under two characters', () => {
    const queries: string[] = []
    const debounce = new SearchDebounce((query) => queries.push(query))
    for (const typed of ['j', 'ja', 'jan', 'jane ']) {
      debounce.push(typed)
      vi.advanceTimersByTime(searchPause - 1)
    }
    expect(queries).toEqual([])
    vi.advanceTimersByTime(1)
    expect(queries).toEqual(['jane'])
    debounce.push('j')
    vi.advanceTimersByTime(searchPause)
    expect(queries).toEqual(['jane', ''])
    debounce.push('bob')
    debounce.cancel()
    vi.advanceTimersByTime(searchPause * 2)
    expect(queries).toEqual(['jane', ''])
  })
})
