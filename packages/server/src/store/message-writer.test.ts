import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConversationState, NewMessage } from './message-writer.js'
import { Store } from './store.js'

let dataDir: string
let store: Store
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'porchlight-store-'))
  store = await Store.open(dataDir, () => 1_700_000_000_000)
  await store.sites.ensure('default', 'Default', 0)
})
afterEach(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function visitor(id: string) {
  await store.visitors.create({ id, siteId: 'default', tokenHash: `hash-${id}`, createdAt: 0 })
}

const fromVisitor = (visitorId: string, clientId: string | null, text = 'hi'): NewMessage => ({
  target: { visitorId, siteId: 'default' },
  author: 'visitor',
  senderId: visitorId,
  authorName: null,
  text,
  clientId,
  transition: (current) => current,
})

describe('MessageWriter', () => {
  it('numbers many concurrent messages per conversation without gaps, creating each conversation once', async () => {
    await Promise.all(['a', 'b', 'c'].map(visitor))
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, (_, i) => store.messages.write(fromVisitor(['a', 'b', 'c'][i % 3]!, `m${i}`))),
    )
    const byConversation = new Map<string, number[]>()
    for (const outcome of outcomes) {
      if (!outcome.ok) throw new Error('write failed')
      byConversation.set(outcome.message.conversationId, [
        ...(byConversation.get(outcome.message.conversationId) ?? []),
        outcome.message.seq,
      ])
    }
    expect(byConversation.size).toBe(3)
    for (const seqs of byConversation.values()) expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(outcomes.filter((o) => o.ok && o.conversationCreated)).toHaveLength(3)
    // Each conversation's row is written once per commit, with the last number it reached.
    for (const id of byConversation.keys()) expect((await store.conversations.summary(id))?.lastSeq).toBe(100)
    const next = await store.messages.write(fromVisitor('a', 'after'))
    expect(next).toMatchObject({ ok: true, message: { seq: 101 } })
  })

  it('orders a change of status with the messages of its commit, and keeps finishedAt while finished only', async () => {
    await visitor('a')
    const created = await store.messages.write(fromVisitor('a', 'first'))
    if (!created.ok) throw new Error('write failed')
    const id = created.message.conversationId
    const finished = (): ConversationState => ({ status: 'finished', assigneeId: null })
    // One commit: a message, then a finish, then a message that reopens: the last word is the reopen.
    const [, finish, reopen] = await Promise.all([
      store.messages.write(fromVisitor('a', 'second')),
      store.messages.transition(id, finished),
      store.messages.write({ ...fromVisitor('a', 'third'), transition: () => ({ status: 'unanswered', assigneeId: null }) }),
    ])
    expect(finish).toMatchObject({ ok: true, before: { status: 'unanswered' }, after: { status: 'finished' } })
    expect(reopen).toMatchObject({ ok: true, conversationChanged: true })
    expect(await store.conversations.summary(id)).toMatchObject({ status: 'unanswered', assigneeId: null, finishedAt: null, lastSeq: 3 })
    // A finish after the messages of its commit is what stays, with the time it was finished.
    await Promise.all([store.messages.write(fromVisitor('a', 'fourth')), store.messages.transition(id, finished)])
    expect(await store.conversations.summary(id)).toMatchObject({
      status: 'finished',
      finishedAt: new Date(1_700_000_000_000).toISOString(),
      lastSeq: 4,
    })
    expect(await store.messages.transition('missing', finished)).toEqual({ ok: false, reason: 'conversation_not_found' })
  })

  it('stores a client id that appears twice in one batch once', async () => {
    await visitor('a')
    const [first, second] = await Promise.all([
      store.messages.write(fromVisitor('a', 'dup')),
      store.messages.write(fromVisitor('a', 'dup')),
    ])
    expect(first).toMatchObject({ ok: true, duplicate: false })
    expect(second).toMatchObject({ ok: true, duplicate: true })
    if (first.ok && second.ok) expect(second.message).toEqual(first.message)
  })

  it('lets one failing message in a batch fail alone', async () => {
    await visitor('a')
    const results = await Promise.allSettled([
      store.messages.write(fromVisitor('a', 'ok-1')),
      store.messages.write(fromVisitor('ghost', 'boom')), // no such visitor: the foreign key fails
      store.messages.write(fromVisitor('a', 'ok-2')),
      store.messages.write({ ...fromVisitor('a', 'nope'), target: { conversationId: 'missing' } }),
    ])
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { ok: true, message: { seq: 1 } } })
    expect(results[1]).toMatchObject({ status: 'rejected' })
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { ok: true, message: { seq: 2 } } })
    expect(results[3]).toMatchObject({ status: 'fulfilled', value: { ok: false, reason: 'conversation_not_found' } })
    const first = results[0] as PromiseFulfilledResult<{ ok: true; message: { conversationId: string } }>
    expect((await store.conversations.summary(first.value.message.conversationId))?.lastSeq).toBe(2)
  })
})
