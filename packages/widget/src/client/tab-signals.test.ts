import type { TabSignals } from '@porchlight/protocol'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { recordListeners, resetVisibility, setVisibility } from '../../test/support/tab.js'
import { sameSignals, watchTabSignals, type TabSignalsWatcher } from './tab-signals.js'

let changes: TabSignals[]
let watcher: TabSignalsWatcher | undefined

const start = () => {
  watcher = watchTabSignals((signals) => changes.push(signals))
  return watcher
}
const state = (signals: Partial<TabSignals>): TabSignals => ({ visible: true, focused: false, widgetOpen: false, idle: false, ...signals })

beforeEach(() => {
  changes = []
  vi.useFakeTimers()
})

afterEach(() => {
  watcher?.stop()
  watcher = undefined
  resetVisibility()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('watchTabSignals', () => {
  test('starts from the page: visibilityState and document.hasFocus(), panel closed, not idle', () => {
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(true)
    expect(start().current).toEqual(state({ focused: true }))
    watcher!.stop()
    setVisibility('hidden')
    hasFocus.mockReturnValue(false)
    expect(start().current).toEqual(state({ visible: false }))
  })

  test('reports the full signals on every visibility change, and nothing when nothing changed', () => {
    const signals = start()
    setVisibility('hidden')
    setVisibility('hidden')
    setVisibility('visible')
    expect(changes).toEqual([state({ visible: false }), state({ visible: true })])
    expect(signals.current).toBe(changes[1])
  })

  test('reports window focus and blur', () => {
    start()
    dispatchEvent(new FocusEvent('focus'))
    dispatchEvent(new FocusEvent('blur'))
    dispatchEvent(new FocusEvent('blur'))
    expect(changes).toEqual([state({ focused: true }), state({ focused: false })])
  })

  test('reports the panel opening and closing, once per change', () => {
    const signals = start()
    signals.setWidgetOpen(true)
    signals.setWidgetOpen(true)
    signals.setWidgetOpen(false)
    expect(changes).toEqual([state({ widgetOpen: true }), state({ widgetOpen: false })])
  })

  test('turns idle after the threshold without input while visible, and back on input', () => {
    const signals = start()
    vi.advanceTimersByTime(60_000)
    expect(changes, 'no idle tracking before the threshold is known').toEqual([])

    signals.setIdleAfter(1000)
    vi.advanceTimersByTime(999)
    expect(changes).toEqual([])
    vi.advanceTimersByTime(1)
    expect(changes).toEqual([state({ idle: true })])
    dispatchEvent(new Event('keydown'))
    expect(changes).toEqual([state({ idle: true }), state({ idle: false })])
  })

  test('a hidden tab is not idle-tracked; becoming visible counts as input', () => {
    const signals = start()
    signals.setIdleAfter(1000)
    vi.advanceTimersByTime(1000)
    setVisibility('hidden')
    expect(changes.at(-1), 'hidden and no longer idle, in one report').toEqual(state({ visible: false }))
    vi.advanceTimersByTime(60_000)
    expect(changes).toHaveLength(2)

    vi.advanceTimersByTime(600)
    setVisibility('visible')
    vi.advanceTimersByTime(999)
    expect(changes).toEqual([state({ idle: true }), state({ visible: false }), state({})])
    vi.advanceTimersByTime(1)
    expect(changes.at(-1)).toEqual(state({ idle: true }))
  })

  test('the same threshold again (a reconnection) leaves an idle tab idle; a new one counts from now', () => {
    const signals = start()
    signals.setIdleAfter(1000)
    vi.advanceTimersByTime(1000)
    signals.setIdleAfter(1000)
    expect(signals.current.idle).toBe(true)
    signals.setIdleAfter(2000)
    expect(changes).toEqual([state({ idle: true }), state({})])
    vi.advanceTimersByTime(2000)
    expect(changes.at(-1)).toEqual(state({ idle: true }))
  })

  test('stop removes every listener and timer', () => {
    const listeners = recordListeners()
    const signals = start()
    signals.setIdleAfter(1000)
    signals.stop()
    listeners.restore()
    expect(listeners.types()).toEqual(expect.arrayContaining(['visibilitychange', 'focus', 'blur', 'keydown', 'scroll']))
    expect(listeners.left()).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
    setVisibility('hidden')
    dispatchEvent(new FocusEvent('focus'))
    expect(changes).toEqual([])
  })
})

test('sameSignals compares the four values', () => {
  expect(sameSignals(state({}), state({}))).toBe(true)
  for (const key of ['visible', 'focused', 'widgetOpen', 'idle'] as const) {
    expect(sameSignals(state({}), { ...state({}), [key]: !state({})[key] })).toBe(false)
  }
})
