import type { Message } from '@porchlight/protocol'
import { describe, expect, it } from 'vitest'
import { replay } from './replay.js'

const message = (seq: number): Message => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  author: 'agent',
  authorName: null,
  text: `#${seq}`,
  clientId: null,
  createdAt: new Date(0).toISOString(),
})

/** A store of `count` messages, and a socket whose flushes the test releases by hand. */
function setup(count: number) {
  const reads: number[] = []
  const sent: number[] = []
  const unflushed: Array<() => void> = []
  const source = {
    read: async (afterSeq: number, limit: number) => {
      reads.push(afterSeq)
      return Array.from({ length: Math.max(0, Math.min(limit, count - afterSeq)) }, (_, index) => message(afterSeq + index + 1))
    },
    send: (item: Message, flushed?: () => void) => {
      sent.push(item.seq)
      if (flushed) unflushed.push(flushed)
      return true
    },
  }
  const flush = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    for (const done of unflushed.splice(0)) done()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { source, reads, sent, flush }
}

describe('replay', () => {
  it('reads the next page only once the last one has left the process', async () => {
    const { source, reads, sent, flush } = setup(120)
    const done = replay(source, 0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(reads).toEqual([0])
    expect(sent).toHaveLength(50) // one page, then it waits
    await flush()
    expect(reads).toEqual([0, 50])
    expect(sent).toHaveLength(100)
    await flush()
    expect(reads).toEqual([0, 50, 100])
    await flush()
    expect(await done).toBe(120)
    expect(sent).toEqual(Array.from({ length: 120 }, (_, index) => index + 1))
  })

  it('starts after the given number and stops when the socket is gone', async () => {
    const { source, sent } = setup(10)
    source.send = (item) => {
      sent.push(item.seq)
      return item.seq < 7
    }
    expect(await replay(source, 3)).toBe(6)
    expect(sent).toEqual([4, 5, 6, 7])
  })
})
