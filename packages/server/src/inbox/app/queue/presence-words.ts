import type { Presence, PresenceChange, PresenceReason, PresenceState } from '@porchlight/protocol'

const stateWords: Record<PresenceState, string> = { online: 'Online', away: 'Away', offline: 'Offline' }

const reasonWords: Record<PresenceReason, string> = {
  visible: '',
  tab_hidden: 'tab hidden',
  frozen: 'frozen',
  idle: 'idle',
  page_closed: 'page closed',
  network_lost: 'network lost',
  heartbeat_timeout: 'stopped answering',
  signed_out: 'signed out',
}

/**
 * A visitor's presence in words, for the dot's text: "Online", "Away · tab hidden", "Offline · page
 * closed". The colour of the dot only repeats it.
 */
export function presenceWords(presence: Pick<Presence, 'state' | 'reason'>): string {
  const reason = reasonWords[presence.reason]
  return reason ? `${stateWords[presence.state]} · ${reason}` : stateWords[presence.state]
}

const timelineWords: Record<PresenceReason, string> = {
  visible: 'back',
  tab_hidden: 'hid the tab',
  frozen: 'the page froze',
  idle: 'went idle',
  page_closed: 'closed the page',
  network_lost: 'lost the network',
  heartbeat_timeout: 'stopped answering',
  signed_out: 'signed out',
}

/**
 * One entry of the presence timeline as a phrase, given the entry before it: "opened the page" (online
 * from nothing or from offline), "back", "hid the tab", "closed the page"; "opened the chat" and
 * "closed the chat" for a change of the panel alone.
 */
export function timelineEntry(change: PresenceChange, previous: PresenceChange | undefined): string {
  if (previous && previous.state === change.state && previous.reason === change.reason) {
    return change.widgetOpen ? 'opened the chat' : 'closed the chat'
  }
  if (change.state === 'online' && (!previous || previous.state === 'offline')) return 'opened the page'
  return timelineWords[change.reason]
}
