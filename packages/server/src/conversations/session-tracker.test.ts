import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Presence, PresenceState } from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventBus, type DomainEvents } from '../events/event-bus.js'
import type { LivePresence } from '../presence/live-presence.js'
import { Store } from '../store/store.js'
import { SessionTracker } from './session-tracker.js'

const inactivityWindow = 60_000
const log = { error: vi.fn() } as unknown as FastifyBaseLogger

/** Presence as the test sets it: the stand-in for the presence tracker (a plain map of states). */
class PresenceStates implements LivePresence {
  readonly states = new Map<string, PresenceState>()
  current(visitorId: string): Presence | undefined {
    const state = this.states.get(visitorId)
    return state && { state, reason: 'visible', widgetOpen: false, since: new Date().toISOString() }
  }
  currentState(visitorId: string): PresenceState | undefined {
    return this.states.get(visitorId)
  }
}

let dataDir: string
let store: Store
let bus: EventBus
let presence: PresenceStates
let tracker: SessionTracker
let changes: Array<DomainEvents['session.changed']>
let conversationId: string

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 })
  dataDir = mkdtempSync(join(tmpdir(), 'porchlight-sessions-'))
  store = await Store.open(dataDir)
  await store.sites.ensure('default', 'Default', 0)
  await store.visitors.create({ id: 'v1', siteId: 'default', tokenHash: 'v1', createdAt: 0 })
  const { message } = await store.messages
    .write({
      target: { visitorId: 'v1', siteId: 'default' },
      author: 'visitor',
      senderId: 'v1',
      authorName: null,
      text: 'hello',
      clientId: 'c1',
      transition: (current) => current,
    })
    .then((outcome) => (outcome.ok ? outcome : Promise.reject(new Error(outcome.reason))))
  conversationId = message.conversationId
  bus = new EventBus(log)
  changes = []
  bus.on('session.changed', (change) => changes.push(change))
  presence = new PresenceStates()
  tracker = new SessionTracker(store, bus, presence, {
    sites: { find: async () => ({ presence: { inactivityWindow } }) },
    clock: Date.now,
    log,
  })
})
afterEach(async () => {
  tracker.stop()
  vi.useRealTimers()
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Waits for the decisions queued so far, and their writes. */
async function settled() {
  await tracker.settled()
  await store.commits.drained()
}

const presenceChanged = (state: PresenceState) =>
  bus.emit('presence.changed', {
    visitorId: 'v1',
    conversationId,
    presence: {
      state,
      reason: state === 'online' ? 'visible' : state === 'away' ? 'tab_hidden' : 'page_closed',
      widgetOpen: false,
      since: '',
    },
  })

describe('SessionTracker', () => {
  it('turns an away visitor inactive with no_response when the window since their last message ends', async () => {
    presence.states.set('v1', 'away')
    presenceChanged('away')
    await settled()
    expect(changes).toEqual([])
    vi.advanceTimersByTime(inactivityWindow - 1)
    await settled()
    expect(changes).toEqual([])
    vi.advanceTimersByTime(1)
    await settled()
    expect(changes).toEqual([{ conversationId, session: { state: 'inactive', inactiveReason: 'no_response', since: expect.any(String) } }])
    expect((await store.conversations.sessionInputs(conversationId))?.session).toEqual({ state: 'inactive', inactiveReason: 'no_response' })
  })

  it('turns a session inactive at once when the visitor goes offline, and active when they are back', async () => {
    presenceChanged('offline')
    await settled()
    presenceChanged('online')
    await settled()
    expect(changes.map(({ session }) => `${session.state}/${session.inactiveReason}`)).toEqual(['inactive/user_offline', 'active/null'])
  })

  it('decides when a tab connects, even when presence did not change', async () => {
    presence.states.set('v1', 'away')
    bus.emit('visitor.connected', { visitorId: 'v1', conversationId })
    await settled()
    vi.advanceTimersByTime(inactivityWindow)
    await settled()
    expect(changes.map(({ session }) => session.inactiveReason)).toEqual(['no_response'])
  })

  it('sets the timers of every active session again at start', async () => {
    presence.states.set('v1', 'away')
    await tracker.restore()
    vi.advanceTimersByTime(inactivityWindow)
    await settled()
    expect(changes.map(({ session }) => session.inactiveReason)).toEqual(['no_response'])
  })

  it('decides nothing after it stops', async () => {
    presence.states.set('v1', 'away')
    presenceChanged('away')
    await settled()
    tracker.stop()
    presenceChanged('offline')
    vi.advanceTimersByTime(inactivityWindow)
    await settled()
    expect(changes).toEqual([])
  })
})
