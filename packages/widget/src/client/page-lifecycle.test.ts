import { afterEach, beforeEach, expect, test } from 'vitest'
import { pageTransition, recordListeners, resetVisibility, setVisibility } from '../../test/support/tab.js'
import { watchPageLifecycle } from './page-lifecycle.js'

let calls: string[]
let stop: (() => void) | undefined

beforeEach(() => {
  calls = []
  stop = watchPageLifecycle({
    hide: (persisted) => calls.push(`hide ${persisted}`),
    wake: () => calls.push('wake'),
    freeze: () => calls.push('freeze'),
  })
})

afterEach(() => {
  stop?.()
  resetVisibility()
})

test('pageshow, resume, online and becoming visible wake the client; becoming hidden does not', () => {
  pageTransition('pageshow', true)
  document.dispatchEvent(new Event('resume'))
  dispatchEvent(new Event('online'))
  setVisibility('hidden')
  setVisibility('visible')
  expect(calls).toEqual(['wake', 'wake', 'wake', 'wake'])
})

test('pagehide reports persisted; nothing but pageshow wakes the client after it', () => {
  pageTransition('pagehide', true)
  setVisibility('hidden')
  document.dispatchEvent(new Event('freeze'))
  document.dispatchEvent(new Event('resume'))
  dispatchEvent(new Event('online'))
  setVisibility('visible')
  expect(calls).toEqual(['hide true', 'freeze'])

  pageTransition('pageshow', true)
  dispatchEvent(new Event('online'))
  pageTransition('pagehide', false)
  expect(calls).toEqual(['hide true', 'freeze', 'wake', 'wake', 'hide false'])
})

test('freeze is reported', () => {
  document.dispatchEvent(new Event('freeze'))
  expect(calls).toEqual(['freeze'])
})

test('listens to no unload or beforeunload, and the returned function removes every listener', () => {
  stop!()
  const listeners = recordListeners()
  stop = watchPageLifecycle({ hide() {}, wake() {}, freeze() {} })
  expect(listeners.types().sort()).toEqual(['freeze', 'online', 'pagehide', 'pageshow', 'resume', 'visibilitychange'])
  stop()
  stop = undefined
  listeners.restore()
  expect(listeners.left()).toEqual([])
})
