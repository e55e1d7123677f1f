import type { Message, Presence } from '@porchlight/protocol'
import { describe, expect, it } from 'vitest'
import { at, conversation as summary } from '../summary-fixture.js'
import { applyToOpen, type OpenConversation, type OpenState } from './open-conversation.js'

const online: Presence = { state: 'online', reason: 'visible', since: at(0), widgetOpen: true }

function message(seq: number, author: Message['author'] = 'visitor'): Message {
  return { id: `m${seq}`, conversationId: 'c', seq, author, authorName: null, text: `m${seq}`, clientId: null, createdAt: at(seq) }
}

function open(): OpenState {
  const conversation: OpenConversation = {
    ...summary('c', {
      status: 'active',
      assigneeId: 'a',
      visitor: { ...summary('c').visitor, id: 'v' },
      lastSeq: 2,
      presence: online,
      lastMessage: null,
      createdAt: at(0),
      updatedAt: at(0),
    }),
    messages: [message(1), message(2, 'agent')],
  }
  return { conversation, timeline: [{ state: 'online', reason: 'visible', widgetOpen: true, at: at(0), conversationId: 'c' }] }
}

describe('the open conversation kept live', () => {
  it('adds the next message once, and asks for a reload after a gap', () => {
    const next = applyToOpen(open(), { type: 'message.created', message: message(3) })
    expect(next.reload).toBe(false)
    expect(next.state.conversation.messages.map((item) => item.seq)).toEqual([1, 2, 3])
    expect(applyToOpen(next.state, { type: 'message.created', message: message(3) }).state.conversation.messages).toHaveLength(3)
    const gap = applyToOpen(next.state, { type: 'message.created', message: message(5) })
    expect(gap.reload).toBe(true)
    expect(gap.state.conversation.lastSeq).toBe(5)
  })

  it("adds a timeline entry for the visitor's presence and moves the visitor's read watermark", () => {
    const away: Presence = { state: 'away', reason: 'tab_hidden', since: at(3), widgetOpen: true }
    const hidden = applyToOpen(open(), { type: 'presence.changed', visitorId: 'v', conversationId: 'c', presence: away }).state
    expect(hidden.conversation.presence).toEqual(away)
    expect(hidden.timeline.at(-1)).toEqual({ state: 'away', reason: 'tab_hidden', widgetOpen: true, at: at(3), conversationId: 'c' })
    expect(applyToOpen(hidden, { type: 'presence.changed', visitorId: 'other', conversationId: null, presence: online }).state).toBe(hidden)

    const read = applyToOpen(hidden, { type: 'receipt.read', conversationId: 'c', reader: { type: 'visitor' }, seq: 2 }).state
    expect(read.conversation.readWatermarks.visitor).toBe(2)
    const older = applyToOpen(read, { type: 'receipt.read', conversationId: 'c', reader: { type: 'visitor' }, seq: 1 }).state
    expect(older.conversation.readWatermarks.visitor).toBe(2)
  })

  it('takes a new owner or status and keeps its messages', () => {
    const { conversation } = open()
    const { messages: _messages, ...summary } = conversation
    const finished = applyToOpen(open(), { type: 'conversation.updated', conversation: { ...summary, status: 'finished' } }).state
    expect(finished.conversation.status).toBe('finished')
    expect(finished.conversation.messages).toHaveLength(2)
  })
})
