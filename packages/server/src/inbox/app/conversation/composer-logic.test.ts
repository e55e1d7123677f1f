import { describe, expect, it } from 'vitest'
import { cannedQuery, searchCanned } from './canned-search.js'
import { TypingPacer } from './typing-pacer.js'

/** A pacer on a clock the test moves (`clock.now`), and the frames it sent. */
function pacerOnClock() {
  const clock = { now: 0 }
  const sent: boolean[] = []
  const pacer = new TypingPacer(
    (active) => sent.push(active),
    () => clock.now,
  )
  return { clock, sent, pacer }
}

describe('the typing pacer', () => {
  it('sends active at most once every 2 s while there is text, and inactive once when it empties or is sent', () => {
    const { clock, sent, pacer } = pacerOnClock()
    pacer.input('h')
    pacer.input('he')
    clock.now += 1_999
    pacer.input('hel')
    expect(sent).toEqual([true])
    clock.now += 1
    pacer.input('hell')
    expect(sent).toEqual([true, true])
    pacer.input('  ')
    pacer.stop()
    expect(sent).toEqual([true, true, false])
    pacer.input('again')
    expect(sent).toEqual([true, true, false, true])
  })

  it('sends nothing while the reply is a canned-response command, and stops typing when one starts', () => {
    const { clock, sent, pacer } = pacerOnClock()
    pacer.input('/')
    clock.now += 5_000
    pacer.input('/gre')
    expect(sent).toEqual([])
    pacer.input('Hi')
    clock.now += 5_000
    pacer.input('/re')
    pacer.input('/ref')
    expect(sent).toEqual([true, false])
    pacer.input('/refund then words')
    expect(sent).toEqual([true, false, true])
  })
})

describe('canned responses in the reply box', () => {
  const responses = [
    { id: '1', shortcut: 'greet', title: 'Hello', text: 'Hello! How can I help?' },
    { id: '2', shortcut: 'refund', title: 'Refund policy', text: 'Refunds take 5 days.' },
    { id: '3', shortcut: 'bye', title: 'Goodbye', text: 'Have a great day.' },
  ]

  it('opens on a leading slash and narrows by shortcut first, then by title or text', () => {
    expect(cannedQuery('/')).toBe('')
    expect(cannedQuery('/re')).toBe('re')
    expect(cannedQuery('/re fund')).toBeNull()
    expect(cannedQuery('a/re')).toBeNull()
    expect(searchCanned(responses, '').map((response) => response.id)).toEqual(['1', '2', '3'])
    expect(searchCanned(responses, 're').map((response) => response.id)).toEqual(['2', '3'])
    expect(searchCanned(responses, 'HELP').map((response) => response.id)).toEqual(['1'])
    expect(searchCanned(responses, 'DAY').map((response) => response.id)).toEqual(['2', '3'])
  })
})
