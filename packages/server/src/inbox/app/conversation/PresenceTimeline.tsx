import type { PresenceChange } from '@porchlight/protocol'
import { timelineEntry } from '../queue/presence-words.js'
import { clockTime } from '../queue/time-words.js'

/** How many of the newest entries the timeline shows: a long day of tab switches would bury the rest. */
const shown = 30

/** The visitor's presence over time, a list named "Presence timeline": "hid the tab 12:01", "back 12:03". */
export function PresenceTimeline(props: { timeline: PresenceChange[] }) {
  const entries = props.timeline.map((change, index) => ({ change, text: timelineEntry(change, props.timeline[index - 1]) }))
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Presence</h2>
      <ol class="timeline" aria-label="Presence timeline">
        {entries.slice(-shown).map(({ change, text }) => (
          <li key={`${change.at}-${text}`} class={change.state}>
            {text} <time dateTime={change.at}>{clockTime(change.at)}</time>
          </li>
        ))}
      </ol>
    </section>
  )
}
