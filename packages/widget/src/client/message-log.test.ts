import type { Message } from '@porchlight/protocol'
import { describe, expect, test } from 'vitest'
import { createMessageLog } from './message-log.js'

const message = (seq: number, id = `m${seq}`): Message => ({
  id,
  conversationId: 'c1',
  seq,
  author: 'agent',
  authorName: 'Grace',
  text: `message ${seq}`,
  clientId: null,
  createdAt: '2026-11-21T10:00:00.000Z',
})

describe('message log', () => {
  test('holds each message once, by id or seq', () => {
    const log = createMessageLog()
    expect(log.add(message(1))).toBe(true)
    expect(log.add(message(1))).toBe(false)
    expect(log.add(message(1, 'other id'))).toBe(false)
    expect(log.add(message(2, 'm1'))).toBe(false)
    expect(log.list).toEqual([message(1)])
  })

  test('keeps seq order whatever the arrival order, with a new array per change', () => {
    const log = createMessageLog()
    const empty = log.list
    for (const seq of [2, 5, 1, 4, 3]) log.add(message(seq))
    expect(log.list.map((held) => held.seq)).toEqual([1, 2, 3, 4, 5])
    expect(empty).toEqual([])
  })

  test('lastSeq is the end of the gapless run from 1', () => {
    const log = createMessageLog()
    expect(log.lastSeq).toBe(0)
    log.add(message(2))
    expect(log.lastSeq).toBe(0)
    log.add(message(1))
    log.add(message(4))
    expect(log.lastSeq).toBe(2)
    log.add(message(3))
    expect(log.lastSeq).toBe(4)
  })

  test('clear forgets everything', () => {
    const log = createMessageLog()
    log.add(message(1))
    log.clear()
    expect(log.list).toEqual([])
    expect(log.lastSeq).toBe(0)
    expect(log.add(message(1))).toBe(true)
  })
})
