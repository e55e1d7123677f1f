import { describe, expect, it } from 'vitest'
import { decideAgentPresence, type AgentPresenceInput } from './agent-presence-rules.js'

const timings = { agentIdleAfter: 1_000, offlineGrace: 100 }
const connected: AgentPresenceInput = { state: 'offline', sockets: 1, lastActivityAt: 0, leftAt: null }

describe('an agent’s presence', () => {
  it('is online while a socket is used within the idle threshold, and away from then on', () => {
    expect(decideAgentPresence(connected, 0, timings)).toEqual({ state: 'online', wakeAt: 1_000 })
    expect(decideAgentPresence(connected, 999, timings)).toEqual({ state: 'online', wakeAt: 1_000 })
    expect(decideAgentPresence(connected, 1_000, timings)).toEqual({ state: 'away', wakeAt: null })
    expect(decideAgentPresence({ ...connected, lastActivityAt: 1_500 }, 2_000, timings)).toEqual({ state: 'online', wakeAt: 2_500 })
  })

  it('keeps its state through the grace after the last socket closes, then turns offline', () => {
    for (const state of ['online', 'away'] as const) {
      const left: AgentPresenceInput = { state, sockets: 0, lastActivityAt: 0, leftAt: 500 }
      expect(decideAgentPresence(left, 500, timings)).toEqual({ state, wakeAt: 600 })
      expect(decideAgentPresence(left, 599, timings)).toEqual({ state, wakeAt: 600 })
      expect(decideAgentPresence(left, 600, timings)).toEqual({ state: 'offline', wakeAt: null })
    }
  })

  it('turns offline at once when the sessions ended (no grace), and stays offline without sockets', () => {
    expect(decideAgentPresence({ state: 'online', sockets: 0, lastActivityAt: 0, leftAt: null }, 10, timings)).toEqual({
      state: 'offline',
      wakeAt: null,
    })
    expect(decideAgentPresence({ state: 'offline', sockets: 0, lastActivityAt: 0, leftAt: 5 }, 10, timings)).toEqual({
      state: 'offline',
      wakeAt: null,
    })
  })
})
