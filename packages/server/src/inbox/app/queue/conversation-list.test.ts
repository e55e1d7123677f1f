import type { ConversationSummary, Message } from '@porchlight/protocol'
import { describe, expect, it } from 'vitest'
import { at, conversation, presence } from '../summary-fixture.js'
import { applyFrame, ordered, type Conversations } from './conversation-list.js'

const list = (...conversations: ConversationSummary[]): Conversations => new Map(conversations.map((item) => [item.id, item]))
const unanswered = (item: ConversationSummary) => item.status === 'unanswered' && item.session.state === 'active'
const message = (conversationId: string, seq: number, author: Message['author'] = 'visitor'): Message => ({
  id: `m${seq}`,
  conversationId,
  seq,
  author,
  authorName: null,
  text: `message ${seq}`,
  clientId: null,
  createdAt: at(10 + seq),
})

describe('a queue list kept live by frames', () => {
  it('orders online before away before offline, the longest waiting first, as the server does', () => {
    const conversations = list(
      conversation('a', { presence: presence('offline', 'page_closed'), lastVisitorMessageAt: at(1) }),
      conversation('b', { presence: presence('away'), lastVisitorMessageAt: at(2) }),
      conversation('c', { lastVisitorMessageAt: at(5) }),
      conversation('d', { lastVisitorMessageAt: at(3) }),
    )
    expect(ordered(conversations).map((item) => item.id)).toEqual(['d', 'c', 'b', 'a'])
  })

  it('moves a visitor who hides the tab behind those still there', () => {
    const conversations = list(conversation('a', { lastVisitorMessageAt: at(1) }), conversation('b', { lastVisitorMessageAt: at(2) }))
    const frame = { type: 'presence.changed', visitorId: 'visitor-a', conversationId: 'a', presence: presence('away') } as const
    const { conversations: after } = applyFrame(conversations, frame, unanswered)
    expect(ordered(after).map((item) => [item.id, item.presence.state])).toEqual([
      ['b', 'online'],
      ['a', 'away'],
    ])
  })

  it('drops a conversation whose session turns inactive, or that an agent takes', () => {
    const conversations = list(conversation('a'), conversation('b'))
    const inactive = applyFrame(
      conversations,
      { type: 'session.changed', conversationId: 'a', session: { state: 'inactive', inactiveReason: 'user_offline', since: at(9) } },
      unanswered,
    )
    expect([...inactive.conversations.keys()]).toEqual(['b'])
    const taken = applyFrame(
      inactive.conversations,
      { type: 'conversation.updated', conversation: conversation('b', { status: 'active', assigneeId: 'agent-1' }) },
      unanswered,
    )
    expect(taken.conversations.size).toBe(0)
  })

  it('adds a new conversation, and asks to load one that a visitor message may have reopened', () => {
    const added = applyFrame(list(), { type: 'conversation.created', conversation: conversation('a') }, unanswered)
    expect([...added.conversations.keys()]).toEqual(['a'])
    expect(applyFrame(added.conversations, { type: 'message.created', message: message('z', 4) }, unanswered).load).toBe('z')
    expect(applyFrame(added.conversations, { type: 'message.created', message: message('z', 4, 'agent') }, unanswered).load).toBeNull()
  })

  it('counts visitor messages as unread until an agent reads to the end, and ignores a message it has', () => {
    let conversations = list(conversation('a', { lastSeq: 1 }))
    conversations = applyFrame(conversations, { type: 'message.created', message: message('a', 2) }, unanswered).conversations
    conversations = applyFrame(conversations, { type: 'message.created', message: message('a', 3) }, unanswered).conversations
    expect(conversations.get('a')).toMatchObject({
      unread: 2,
      lastSeq: 3,
      lastMessage: { text: 'message 3' },
      lastVisitorMessageAt: at(13),
    })
    expect(applyFrame(conversations, { type: 'message.created', message: message('a', 3) }, unanswered).conversations).toBe(conversations)

    const visitorRead = applyFrame(
      conversations,
      { type: 'receipt.read', conversationId: 'a', reader: { type: 'visitor' }, seq: 3 },
      unanswered,
    )
    expect(visitorRead.conversations.get('a')).toMatchObject({ unread: 2, readWatermarks: { visitor: 3 } })
    const agentRead = applyFrame(
      visitorRead.conversations,
      { type: 'receipt.read', conversationId: 'a', reader: { type: 'agent', agentId: 'x' }, seq: 3 },
      unanswered,
    )
    expect(agentRead.conversations.get('a')).toMatchObject({ unread: 0, readWatermarks: { visitor: 3, agents: { x: 3 } } })
    expect(agentRead.load).toBeNull()
  })

  it('asks the server for the count when an agent reads part of the way past the team, and only then', () => {
    const conversations = list(conversation('a', { lastSeq: 5, unread: 3, readWatermarks: { visitor: 0, agents: { x: 2 } } }))
    const receipt = (agentId: string, seq: number) =>
      applyFrame(conversations, { type: 'receipt.read', conversationId: 'a', reader: { type: 'agent', agentId }, seq }, unanswered)
    const partial = receipt('y', 4)
    expect(partial.load).toBe('a')
    expect(partial.conversations.get('a')).toMatchObject({ unread: 3, readWatermarks: { agents: { x: 2, y: 4 } } })
    // At or below the team's highest watermark the count cannot change.
    expect(receipt('y', 2).load).toBeNull()
    expect(receipt('y', 5).load).toBeNull()
    expect(receipt('y', 5).conversations.get('a')).toMatchObject({ unread: 0 })
    const nothingUnread = list(conversation('b', { lastSeq: 5, unread: 0 }))
    const read = { type: 'receipt.read', conversationId: 'b', reader: { type: 'agent', agentId: 'y' }, seq: 3 } as const
    expect(applyFrame(nothingUnread, read, unanswered).load).toBeNull()
  })
})
