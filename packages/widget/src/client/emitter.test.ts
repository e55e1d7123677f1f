import { describe, expect, test, vi } from 'vitest'
import { createEmitter } from './emitter.js'

type Events = { ping: (value: number) => void; done: () => void }

describe('emitter', () => {
  test('calls listeners in order with the arguments, until unsubscribed', () => {
    const emitter = createEmitter<Events>()
    const calls: string[] = []
    const off = emitter.on('ping', (value) => calls.push(`a${value}`))
    emitter.on('ping', (value) => calls.push(`b${value}`))
    emitter.on('done', () => calls.push('done'))
    emitter.emit('ping', 1)
    off()
    off()
    emitter.emit('ping', 2)
    emitter.emit('done')
    expect(calls).toEqual(['a1', 'b1', 'b2', 'done'])
  })

  test('a throwing listener does not stop the others; its error is rethrown asynchronously', () => {
    vi.useFakeTimers()
    try {
      const emitter = createEmitter<Events>()
      const after = vi.fn()
      emitter.on('done', () => {
        throw new Error('listener bug')
      })
      emitter.on('done', after)
      emitter.emit('done')
      expect(after).toHaveBeenCalledOnce()
      expect(() => vi.runAllTimers()).toThrow('listener bug')
    } finally {
      vi.useRealTimers()
    }
  })
})
