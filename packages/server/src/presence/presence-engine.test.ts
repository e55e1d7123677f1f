import fc from 'fast-check'
import type { TabSignals } from '@porchlight/protocol'
import { describe, expect, it } from 'vitest'
import {
  applyPresenceEvent,
  mergeTabs,
  offlinePresence,
  orphanedPresence,
  presenceWakeAt,
  type PresenceEvent,
  type PresenceRecord,
  type VisitorPresence,
} from './presence-engine.js'

const timings = { offlineGrace: 5_000, awayAfter: 3_000 }
const visible: TabSignals = { visible: true, focused: true, widgetOpen: false, idle: false }
const hidden: TabSignals = { visible: false, focused: false, widgetOpen: false, idle: false }
const offline: PresenceRecord = { state: 'offline', reason: 'page_closed', widgetOpen: false, since: 0 }

/** Runs events through the engine the way the server does: ticking at every wake time on the way. */
/**
 * Feeds the events to the engine, with the ticks its timers would make in between, as the tracker does.
 * `applied[i]` is how many of the events had been applied when `changes[i]` was made: several events may
 * share a millisecond, and a change happens between two of them.
 */
function run(events: PresenceEvent[], start: VisitorPresence = offlinePresence(offline)) {
  let presence = start
  const changes: PresenceRecord[] = []
  const applied: number[] = []
  const step = (event: PresenceEvent, count: number) => {
    const result = applyPresenceEvent(presence, event, timings)
    presence = result.presence
    if (result.change) {
      changes.push(result.change)
      applied.push(count)
    }
  }
  for (const [index, event] of events.entries()) {
    for (let wake = presenceWakeAt(presence, timings); wake !== null && wake <= event.at; wake = presenceWakeAt(presence, timings)) {
      step({ type: 'tick', at: wake }, index)
    }
    step(event, index + 1)
  }
  return { presence, changes, applied }
}

const brief = (changes: PresenceRecord[]) => changes.map((c) => `${c.since} ${c.state}/${c.reason}${c.widgetOpen ? '+open' : ''}`)

describe('the presence engine', () => {
  it('turns a visitor online when a visible tab connects, and away only after every tab stayed hidden for awayAfter', () => {
    const { changes } = run([
      { type: 'connect', tab: 'a', signals: visible, at: 1_000 },
      { type: 'signals', tab: 'a', signals: hidden, at: 2_000 },
      { type: 'signals', tab: 'a', signals: visible, at: 4_000 }, // back within the debounce: no flap
      { type: 'signals', tab: 'a', signals: hidden, at: 6_000 },
      { type: 'tick', at: 20_000 },
    ])
    expect(brief(changes)).toEqual(['1000 online/visible', '9000 away/tab_hidden'])
  })

  it('stays online while any of several tabs is visible', () => {
    const { changes } = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'connect', tab: 'b', signals: hidden, at: 100 },
      { type: 'signals', tab: 'a', signals: hidden, at: 200 },
      { type: 'signals', tab: 'b', signals: visible, at: 1_000 },
      { type: 'tick', at: 60_000 },
    ])
    expect(brief(changes)).toEqual(['0 online/visible'])
  })

  it('turns away at once for an idle or frozen tab, and online again when it answers', () => {
    const { changes } = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'signals', tab: 'a', signals: { ...visible, idle: true }, at: 1_000 },
      { type: 'signals', tab: 'a', signals: visible, at: 2_000 },
      { type: 'frozen', tab: 'a', at: 3_000 },
      { type: 'signals', tab: 'a', signals: visible, at: 4_000 },
    ])
    expect(brief(changes)).toEqual(['0 online/visible', '1000 away/idle', '2000 online/visible', '3000 away/frozen', '4000 online/visible'])
  })

  it('records the widget opening and closing without changing the state or its since', () => {
    const { changes } = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'signals', tab: 'a', signals: { ...visible, widgetOpen: true }, at: 500 },
      { type: 'signals', tab: 'a', signals: visible, at: 900 },
    ])
    expect(brief(changes)).toEqual(['0 online/visible', '0 online/visible+open', '0 online/visible'])
  })

  it('turns offline only after the grace, with the reason the last tab ended for', () => {
    const { changes } = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'disconnect', tab: 'a', cause: 'page_closed', at: 1_000 },
      { type: 'tick', at: 5_999 },
      { type: 'tick', at: 60_000 },
    ])
    expect(brief(changes)).toEqual(['0 online/visible', '6000 offline/page_closed'])
  })

  it('records no offline when a tab reconnects within the grace (a reload)', () => {
    const { changes } = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'disconnect', tab: 'a', cause: 'page_closed', at: 1_000 },
      { type: 'connect', tab: 'b', signals: visible, at: 1_300 },
      { type: 'tick', at: 60_000 },
    ])
    expect(brief(changes)).toEqual(['0 online/visible'])
  })

  it('turns offline at once after a heartbeat timeout', () => {
    const { changes } = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'disconnect', tab: 'a', cause: 'heartbeat_timeout', at: 20_000 },
    ])
    expect(brief(changes)).toEqual(['0 online/visible', '20000 offline/heartbeat_timeout'])
  })

  it('explains a lost connection by a pagehide that came just before or just after it', () => {
    const before = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'pagehide', at: 1_000 },
      { type: 'disconnect', tab: 'a', cause: 'network_lost', at: 1_050 },
      { type: 'tick', at: 60_000 },
    ])
    const after = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'disconnect', tab: 'a', cause: 'network_lost', at: 1_000 },
      { type: 'pagehide', at: 1_200 },
      { type: 'tick', at: 60_000 },
    ])
    const unrelated = run([
      { type: 'connect', tab: 'a', signals: visible, at: 0 },
      { type: 'pagehide', at: 1_000 },
      { type: 'connect', tab: 'b', signals: visible, at: 1_100 },
      { type: 'disconnect', tab: 'a', cause: 'page_closed', at: 1_200 },
      { type: 'disconnect', tab: 'b', cause: 'network_lost', at: 30_000 },
      { type: 'tick', at: 60_000 },
    ])
    expect(brief(before.changes).at(-1)).toBe('6050 offline/page_closed')
    expect(brief(after.changes).at(-1)).toBe('6000 offline/page_closed')
    expect(brief(unrelated.changes).at(-1)).toBe('35000 offline/network_lost')
  })

  it('turns a visitor left online by a stopped server offline after the grace, unless they come back', () => {
    const online: PresenceRecord = { state: 'online', reason: 'visible', widgetOpen: true, since: 0 }
    expect(brief(run([{ type: 'tick', at: 10_000 }], orphanedPresence(online, 1_000)).changes)).toEqual(['6000 offline/network_lost'])
    expect(
      run(
        [
          { type: 'connect', tab: 'a', signals: visible, at: 2_000 },
          { type: 'tick', at: 10_000 },
        ],
        orphanedPresence(online, 1_000),
      ).changes,
    ).toEqual([{ state: 'online', reason: 'visible', widgetOpen: false, since: 0 }])
  })
})

describe('the presence engine, for any interleaving of signals from several tabs', () => {
  const tabIds = ['a', 'b', 'c']
  const signals = fc.record({ visible: fc.boolean(), focused: fc.boolean(), widgetOpen: fc.boolean(), idle: fc.boolean() })
  const step = fc.record({
    gap: fc.integer({ min: 0, max: 8_000 }),
    tab: fc.constantFrom(...tabIds),
    kind: fc.constantFrom('connect', 'signals', 'frozen', 'disconnect', 'pagehide', 'tick'),
    signals,
    cause: fc.constantFrom('page_closed', 'network_lost', 'heartbeat_timeout', 'signed_out'),
  })
  const scenarios = fc.array(step, { minLength: 1, maxLength: 60 }).map((steps) => {
    let at = 0
    return steps.map(({ gap, tab, kind, signals, cause }): PresenceEvent => {
      at += gap
      switch (kind) {
        case 'connect':
        case 'signals':
          return { type: kind, tab, signals, at }
        case 'frozen':
          return { type: 'frozen', tab, at }
        case 'disconnect':
          return { type: 'disconnect', tab, cause: cause as 'page_closed', at }
        case 'pagehide':
          return { type: 'pagehide', at }
        default:
          return { type: 'tick', at }
      }
    })
  })

  it('follows the rules', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(scenarios, (events) => {
        // A reference model of the tabs over time, kept independently of the engine.
        const tabs = new Map<string, { hidden: boolean }>()
        const history: Array<{ at: number; open: number; allHiddenSince: number | null }> = []
        let allHiddenSince: number | null = null
        const connects: Array<{ at: number; index: number }> = []
        for (const [index, event] of events.entries()) {
          if (event.type === 'connect' || (event.type === 'signals' && tabs.has(event.tab))) {
            if (event.type === 'connect') connects.push({ at: event.at, index })
            tabs.set(event.tab, { hidden: !event.signals.visible })
          }
          if (event.type === 'disconnect') tabs.delete(event.tab)
          if (event.type === 'frozen' && tabs.has(event.tab)) tabs.set(event.tab, { hidden: true })
          const everyHidden = tabs.size > 0 && [...tabs.values()].every((tab) => tab.hidden)
          allHiddenSince = everyHidden ? (allHiddenSince ?? event.at) : null
          history.push({ at: event.at, open: tabs.size, allHiddenSince })
        }

        const { presence, changes, applied } = run(events)
        // Never the same record twice in a row.
        for (let i = 1; i < changes.length; i++) {
          const [a, b] = [changes[i - 1]!, changes[i]!]
          expect([a.state, a.reason, a.widgetOpen]).not.toEqual([b.state, b.reason, b.widgetOpen])
        }
        // The model's tabs when a change was made: after the events applied before it.
        const tabsWhen = (index: number) => (applied[index]! === 0 ? undefined : history[applied[index]! - 1])
        changes.forEach((change, index) => {
          // From online, away for hidden tabs only after every tab stayed hidden for awayAfter.
          if (change.reason === 'tab_hidden' && changes[index - 1]?.state === 'online') {
            const hiddenSince = tabsWhen(index)?.allHiddenSince
            expect(hiddenSince).not.toBeNull()
            expect(hiddenSince!).toBeLessThanOrEqual(change.since - timings.awayAfter)
          }
        })
        changes.forEach((change, index) => {
          if (change.state !== 'offline') return
          // Offline only when no tab was open since the grace began (heartbeat timeouts: at once), counting
          // the events before the change: one in the same millisecond may come after it.
          const before = applied[index]!
          const graceStart = change.reason === 'heartbeat_timeout' ? change.since : change.since - timings.offlineGrace
          const connectedDuring = connects.some(
            (connect) => connect.index < before && connect.at > graceStart && connect.at <= change.since,
          )
          expect(connectedDuring, `offline at ${change.since} although a tab connected after ${graceStart}`).toBe(false)
          expect(tabsWhen(index)?.open ?? 0).toBe(0)
        })
        // Once every timer has run out, the state is exactly what the tabs call for.
        const settled = run([...events, { type: 'tick', at: (events.at(-1)?.at ?? 0) + 60_000 }]).presence.current
        if (presence.tabs.size > 0) {
          expect({ state: settled.state, reason: settled.reason, widgetOpen: settled.widgetOpen }).toEqual(mergeTabs(presence.tabs))
        } else if (changes.length > 0) {
          expect(settled.state).toBe('offline')
        }
        // Online is never delayed: a visible, active tab shows at once.
        if (mergeTabs(presence.tabs).state === 'online' && presence.tabs.size > 0) expect(presence.current.state).toBe('online')
      }),
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 500),
        // Found by one of ten runs of the suite: events in the same millisecond, a change between two of them.
        examples: [
          [
            [
              { type: 'connect', tab: 'a', signals: { visible: false, focused: false, widgetOpen: false, idle: false }, at: 0 },
              { type: 'disconnect', tab: 'a', cause: 'heartbeat_timeout', at: 0 },
              { type: 'connect', tab: 'a', signals: { visible: false, focused: false, widgetOpen: false, idle: false }, at: 0 },
            ],
          ],
        ],
      },
    )
  })
})
