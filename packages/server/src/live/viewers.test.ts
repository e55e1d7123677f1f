import { describe, expect, it } from 'vitest'
import { Viewers } from './viewers.js'

const grace = { id: 'a1', name: 'Grace' }
const alan = { id: 'a2', name: 'Alan' }

describe('Viewers', () => {
  it('lists each agent once, by name, and says which conversations changed', () => {
    const viewers = new Viewers()
    const [graceTab, graceOtherTab, alanTab] = [{}, {}, {}]
    expect(viewers.view(graceTab, grace, 'c1')).toEqual(['c1'])
    expect(viewers.view(alanTab, alan, 'c1')).toEqual(['c1'])
    // Grace's second tab on it changes nobody's list.
    expect(viewers.view(graceOtherTab, grace, 'c1')).toEqual([])
    expect(viewers.of('c1')).toEqual([alan, grace])
    // Seen again (a reconnect sends it again): nothing changed.
    expect(viewers.view(alanTab, alan, 'c1')).toEqual([])

    expect(viewers.view(graceTab, grace, 'c2')).toEqual(['c2'])
    expect(viewers.of('c1')).toEqual([alan, grace])
    expect(viewers.view(graceOtherTab, grace, null)).toEqual(['c1'])
    expect(viewers.of('c1')).toEqual([alan])
    expect(viewers.view(alanTab, alan, 'c2')).toEqual(['c1', 'c2'])
    expect(viewers.of('c1')).toEqual([])
    expect(viewers.of('c2')).toEqual([alan, grace])
  })

  it('forgets a socket that leaves', () => {
    const viewers = new Viewers()
    const [graceTab, alanTab] = [{}, {}]
    viewers.view(graceTab, grace, 'c1')
    viewers.view(alanTab, alan, 'c1')
    expect(viewers.leave(graceTab)).toEqual(['c1'])
    expect(viewers.leave(graceTab)).toEqual([])
    expect(viewers.of('c1')).toEqual([alan])
    expect(viewers.leave(alanTab)).toEqual(['c1'])
    expect(viewers.of('c1')).toEqual([])
  })
  it('shows a renamed agent by their new name, and says where', () => {
    const viewers = new Viewers()
    const [graceTab, graceOtherTab, alanTab] = [{}, {}, {}]
    viewers.view(graceTab, grace, 'c1')
    viewers.view(graceOtherTab, grace, 'c2')
    viewers.view(alanTab, alan, 'c1')
    expect(viewers.rename('a1', 'Ada')).toEqual(['c1', 'c2'])
    expect(viewers.of('c1')).toEqual([{ id: 'a1', name: 'Ada' }, alan])
    expect(viewers.rename('a1', 'Ada')).toEqual([])
    expect(viewers.leave(graceTab)).toEqual(['c1'])
    expect(viewers.of('c2')).toEqual([{ id: 'a1', name: 'Ada' }])
  })
})
