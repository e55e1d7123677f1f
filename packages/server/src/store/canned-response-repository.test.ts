import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { temporaryDirectories } from '../../test/support/temp-dirs.js'
import { Store } from './store.js'

const newDataDir = temporaryDirectories('porchlight-canned-store-')
let store: Store
beforeEach(async () => {
  store = await Store.open(newDataDir())
})
afterEach(async () => {
  await store.close()
})

const canned = (id: string) => ({ id, shortcut: id, title: id, text: id, now: 0 })

describe('the canned response store', () => {
  it('keeps the team under its cap, even when admins add at once, and tells a taken shortcut from a full list', async () => {
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.cannedResponses.create(canned(id), 2)))
    expect(results.filter((result) => 'refused' in result)).toEqual([
      { refused: 'too_many_canned_responses' },
      { refused: 'too_many_canned_responses' },
    ])
    expect(await store.cannedResponses.list()).toHaveLength(2)
    expect(await store.cannedResponses.create(canned('a'), 3)).toEqual({ refused: 'canned_response_exists' })
    expect(await store.cannedResponses.create(canned('e'), 3)).toMatchObject({ shortcut: 'e' })
  })
})
