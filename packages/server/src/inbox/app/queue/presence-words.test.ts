import type { PresenceChange } from '@porchlight/protocol'
import { describe, expect, it } from 'vitest'
import { presenceWords, timelineEntry } from './presence-words.js'
import { visitorName } from './visitor-name.js'

const change = (state: PresenceChange['state'], reason: PresenceChange['reason'], widgetOpen = false): PresenceChange => ({
  state,
  reason,
  widgetOpen,
  at: '2026-01-01T12:00:00.000Z',
  conversationId: null,
})

describe('presence in words', () => {
  it('names the state and the reason, never the colour alone', () => {
    expect(presenceWords({ state: 'online', reason: 'visible' })).toBe('Online')
    expect(presenceWords({ state: 'away', reason: 'tab_hidden' })).toBe('Away · tab hidden')
    expect(presenceWords({ state: 'away', reason: 'idle' })).toBe('Away · idle')
    expect(presenceWords({ state: 'away', reason: 'frozen' })).toBe('Away · frozen')
    expect(presenceWords({ state: 'offline', reason: 'page_closed' })).toBe('Offline · page closed')
    expect(presenceWords({ state: 'offline', reason: 'network_lost' })).toBe('Offline · network lost')
  })

  it('tells the timeline as what the visitor did', () => {
    const timeline = [
      change('online', 'visible'),
      change('online', 'visible', true),
      change('away', 'tab_hidden', true),
      change('online', 'visible', true),
      change('offline', 'page_closed'),
      change('online', 'visible'),
    ]
    expect(timeline.map((entry, index) => timelineEntry(entry, timeline[index - 1]))).toEqual([
      'opened the page',
      'opened the chat',
      'hid the tab',
      'back',
      'closed the page',
      'opened the page',
    ])
  })
})

describe('a visitor without a name', () => {
  it('gets the same generated name every time, and their name or email when they have one', () => {
    const anonymous = { id: '01JABCDEF', name: null, email: null }
    expect(visitorName(anonymous)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/)
    expect(visitorName({ ...anonymous })).toBe(visitorName(anonymous))
    expect(visitorName({ ...anonymous, id: '01JABCDEG' })).not.toBe(visitorName(anonymous))
    expect(visitorName({ ...anonymous, email: 'ann@example.com' })).toBe('ann@example.com')
    expect(visitorName({ ...anonymous, name: 'Ann', email: 'ann@example.com' })).toBe('Ann')
  })
})
