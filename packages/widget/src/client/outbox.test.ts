import { beforeEach, describe, expect, test, vi } from 'vitest'
import { createOutbox } from './outbox.js'
import type { PendingMessage } from './pending-message.js'

const key = 'porchlight:outbox:test'
const item = (clientId: string, text = `text of ${clientId}`): PendingMessage => ({
  clientId,
  text,
  createdAt: '2026-11-21T10:00:00.000Z',
})
const stored = () => JSON.parse(localStorage.getItem(key) ?? 'null') as unknown

beforeEach(() => localStorage.clear())

describe('outbox', () => {
  test('keeps messages in localStorage across a reload, in order', () => {
    const outbox = createOutbox(key)
    outbox.add(item('a'))
    outbox.add(item('b'))
    expect(stored()).toEqual([item('a'), item('b')])
    expect(createOutbox(key).items).toEqual([item('a'), item('b')])
  })

  test('removes a message on ack and returns it', () => {
    const outbox = createOutbox(key)
    outbox.add(item('a'))
    outbox.add(item('b'))
    expect(outbox.remove('a')).toEqual(item('a'))
    expect(outbox.remove('a')).toBeUndefined()
    expect(outbox.items).toEqual([item('b')])
    expect(createOutbox(key).items).toEqual([item('b')])
  })

  test('holds a client id once', () => {
    const outbox = createOutbox(key)
    expect(outbox.add(item('a'))).toBe(true)
    expect(outbox.add(item('a', 'another text'))).toBe(false)
    expect(outbox.items).toEqual([item('a')])
    expect(stored()).toEqual([item('a')])
  })

  test("two tabs do not overwrite each other's messages", () => {
    const tab = createOutbox(key)
    const other = createOutbox(key)
    tab.add(item('a'))
    other.add(item('b'))
    tab.remove('a')
    expect(stored()).toEqual([item('b')])
    expect(createOutbox(key).items).toEqual([item('b')])
  })

  test('ignores garbage in storage', () => {
    localStorage.setItem(key, '{not json')
    expect(createOutbox(key).items).toEqual([])
    localStorage.setItem(key, JSON.stringify([item('a'), { clientId: 1 }, null, 'x']))
    expect(createOutbox(key).items).toEqual([item('a')])
  })

  test('works in memory when storage throws', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    const getItem = vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError')
    })
    try {
      const outbox = createOutbox(key)
      outbox.add(item('a'))
      expect(outbox.items).toEqual([item('a')])
      expect(outbox.remove('a')).toEqual(item('a'))
    } finally {
      setItem.mockRestore()
      getItem.mockRestore()
    }
  })
})
