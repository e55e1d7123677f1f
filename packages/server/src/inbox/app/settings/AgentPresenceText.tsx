import type { AgentPresence } from '@porchlight/protocol'
import { localTime } from './local-time.js'

const words: Record<AgentPresence['state'], string> = { online: 'Online', away: 'Away', offline: 'Offline' }

/** An agent's presence in words (the dot beside it only repeats them), and since when. */
export function AgentPresenceText(props: { presence: AgentPresence }) {
  const { state, since } = props.presence
  return (
    <span class={`presence ${state}`}>
      <span class="dot" aria-hidden="true" />
      {words[state]} <span class="help">since {localTime(since)}</span>
    </span>
  )
}
