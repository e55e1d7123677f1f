import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventBus, type DomainEvents } from '../events/event-bus.js'
import { Store } from '../store/store.js'
import { PresenceTracker } from './presence-tracker.js'

const timings = { offlineGrace: 1_000, awayAfter: 500 }
const site = { id: 'default', presence: timings }
const sites = { find: async () => site }
const visible = { visible: true, focused: true, widgetOpen: false, idle: false }
const hidden = { visible: false, focused: false, widgetOpen: false, idle: false }
const offline = { state: 'offline', reason: 'network_lost', widgetOpen: false, since: 0 } as const
const log = { error: vi.fn() } as unknown as FastifyBaseLogger

let dataDir: string
let store: Store
let bus: EventBus
let tracker: PresenceTracker
let events: Array<[string, unknown]>

beforeEach(async () => {
  // Only the tracker's own timers and clock are fake: the store's I/O runs for real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_000_000 })
  dataDir = mkdtempSync(join(tmpdir(), 'porchlight-presence-'))
  store = await Store.open(dataDir)
  await store.sites.ensure('default', 'Default', 0)
  for (const id of ['v1', 'v2']) await store.visitors.create({ id, siteId: 'default', tokenHash: id, createdAt: 0 })
  bus = new EventBus(log)
  events = []
  for (const name of ['presence.changed', 'visitor.connected'] as const) {
    bus.on(name, (payload: DomainEvents[typeof name]) => events.push([name, payload]))
  }
  tracker = new PresenceTracker(store, bus, sites, Date.now, log)
})
afterEach(async () => {
  tracker.stop()
  vi.useRealTimers()
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const states = () =>
  events
    .filter(([name]) => name === 'presence.changed')
    .map(([, payload]) => {
      const { presence } = payload as DomainEvents['presence.changed']
      return `${presence.state}/${presence.reason}`
    })

/** Lets the batched write happen, and waits for the commit. */
async function recorded() {
  vi.advanceTimersByTime(100)
  await store.commits.drained()
}

describe('PresenceTracker', () => {
  it('publishes a change at once, every connect, and records the change in a batch', async () => {
    expect(tracker.connect('v1', null, 't1', visible, offline, site)).toBe(true)
    expect(events).toEqual([
      ['presence.changed', { visitorId: 'v1', conversationId: null, presence: expect.objectContaining({ state: 'online' }) }],
      ['visitor.connected', { visitorId: 'v1', conversationId: null }],
    ])
    expect(tracker.connect('v1', null, 't2', hidden, offline, site)).toBe(false) // a second tab: still online
    expect(events.map(([name]) => name)).toEqual(['presence.changed', 'visitor.connected', 'visitor.connected'])
    expect(tracker.currentState('v1')).toBe('online')
    expect(await store.presence.timeline('v1', 10)).toEqual([])
    await recorded()
    expect((await store.presence.timeline('v1', 10)).map((entry) => entry.state)).toEqual(['online'])
  })

  it('turns away only after every tab stayed hidden for awayAfter, and offline after the grace', async () => {
    tracker.connect('v1', null, 't1', visible, offline, site)
    tracker.signals('v1', 't1', hidden)
    vi.advanceTimersByTime(499)
    expect(states()).toEqual(['online/visible'])
    vi.advanceTimersByTime(1)
    expect(states()).toEqual(['online/visible', 'away/tab_hidden'])
    tracker.disconnect('v1', 't1', 'page_closed')
    vi.advanceTimersByTime(999)
    expect(states()).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(states().at(-1)).toBe('offline/page_closed')
    expect(tracker.currentState('v1')).toBe('offline')
    // Nothing pending and nobody connected: once recorded, the stored row says it all.
    await recorded()
    expect(tracker.current('v1')).toBeUndefined()
    expect((await store.visitors.findByTokenHash('default', 'v1'))?.presence).toMatchObject({ state: 'offline', reason: 'page_closed' })
  })

  it('cancels the grace when a tab connects within it (a reload)', () => {
    tracker.connect('v1', null, 't1', visible, offline, site)
    tracker.disconnect('v1', 't1', 'page_closed')
    vi.advanceTimersByTime(900)
    tracker.connect('v1', null, 't2', visible, offline, site)
    vi.advanceTimersByTime(5_000)
    expect(states()).toEqual(['online/visible'])
  })

  it('marks a frozen tab away, and follows a new conversation of the visitor', () => {
    tracker.connect('v1', null, 't1', visible, offline, site)
    bus.emit('conversation.created', {
      conversation: { id: 'c1', visitor: { id: 'v1' } } as DomainEvents['conversation.created']['conversation'],
    })
    tracker.frozen('v1', 't1')
    expect(events.at(-1)).toEqual([
      'presence.changed',
      expect.objectContaining({ conversationId: 'c1', presence: expect.objectContaining({ reason: 'frozen' }) }),
    ])
  })

  it('restores visitors a stopped server left online: offline after the grace unless they come back', async () => {
    tracker.connect('v1', null, 't1', visible, offline, site)
    tracker.connect('v2', null, 't1', visible, offline, site)
    await recorded()
    tracker.stop() // the server stops without recording anyone leaving
    events.length = 0
    tracker = new PresenceTracker(store, bus, sites, Date.now, log)
    await tracker.restore()
    expect(tracker.currentState('v1')).toBe('online')
    tracker.connect('v2', null, 't9', visible, { ...offline, state: 'online', reason: 'visible' }, site)
    vi.advanceTimersByTime(1_000)
    expect(states()).toEqual(['offline/network_lost'])
    expect(
      events.find(([name, payload]) => name === 'presence.changed' && (payload as { visitorId: string }).visitorId === 'v2'),
    ).toBeUndefined()
  })

  it('records what is pending when it stops, and ignores everything after', async () => {
    tracker.connect('v1', null, 't1', visible, offline, site)
    tracker.stop()
    await store.commits.drained()
    expect((await store.presence.timeline('v1', 10)).map((entry) => entry.state)).toEqual(['online'])
    tracker.disconnect('v1', 't1', 'network_lost')
    vi.advanceTimersByTime(10_000)
    expect(states()).toEqual(['online/visible'])
  })
})

describe('PresenceTracker: in the chat', () => {
  it('is in the chat only with the panel open in a visible tab, and says when that flips', () => {
    const flips: boolean[] = []
    bus.on('visitor.in_chat', ({ inChat }) => flips.push(inChat))
    const open = { ...visible, widgetOpen: true }
    // A visible tab with the panel closed and a hidden one with it open: present, but not in the chat.
    tracker.connect('v1', null, 't1', visible, offline, site)
    tracker.connect('v1', null, 't2', { ...hidden, widgetOpen: true }, offline, site)
    expect(tracker.inChat('v1')).toBe(false)
    tracker.signals('v1', 't1', open)
    expect(tracker.inChat('v1')).toBe(true)
    tracker.signals('v1', 't1', { ...open, focused: false })
    tracker.signals('v1', 't1', { ...open, visible: false })
    expect(tracker.inChat('v1')).toBe(false)
    tracker.signals('v1', 't1', open)
    tracker.frozen('v1', 't1')
    tracker.signals('v1', 't1', open)
    tracker.disconnect('v1', 't1', 'page_closed')
    expect(flips).toEqual([true, false, true, false, true, false])
  })
})
