import { useId, useState } from 'preact/hooks'
import { api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import type { Analytics } from '@porchlight/protocol'
import { durationWords } from './duration-words.js'
import { LoadStatus } from './LoadStatus.js'
import { localTime } from './local-time.js'
import { useResource } from './use-resource.js'

/** The periods the panel offers, in hours. */
const periods = [
  { hours: 24, label: 'Last 24 hours' },
  { hours: 168, label: 'Last 7 days' },
]

const average = (milliseconds: number | null) => (milliseconds === null ? 'None yet' : durationWords(milliseconds))

/** Each figure, its value in words, and its definition (the API's, in the README, in plain words). */
const figures: ReadonlyArray<{ term: string; value: (analytics: Analytics) => string; help: string }> = [
  {
    term: 'Finished',
    value: (analytics) => String(analytics.finished),
    help: 'Conversations finished in the period and not reopened since.',
  },
  {
    term: 'Active',
    value: (analytics) => String(analytics.active),
    help: 'Conversations open now (unanswered or active) with at least one message in the period.',
  },
  {
    term: 'Answered',
    value: (analytics) => String(analytics.answered),
    help: 'Conversations with at least one agent message in the period.',
  },
  {
    term: 'Average response time',
    value: (analytics) => average(analytics.averageResponseMs),
    help:
      "From a visitor message that waits for the team (the conversation's first, or the first after an agent's reply) to " +
      'the first agent reply after it, averaged over those that began in the period and were answered. Bot and system messages do not count.',
  },
  {
    term: 'Average handling time',
    value: (analytics) => average(analytics.averageHandlingMs),
    help: 'From the start of a conversation to its finish, averaged over the finished conversations above.',
  },
]

/** `#/analytics`, for every agent: the team's numbers over the last 24 hours or 7 days, each with its definition. */
export function AnalyticsPage() {
  const { generation } = useInbox()
  const [hours, setHours] = useState(24)
  const id = useId()
  const analytics = useResource(() => api<Analytics>('/api/analytics', { query: { hours } }), [hours, generation])
  const data = analytics.data
  return (
    <>
      <h1 tabIndex={-1}>Analytics</h1>
      <div class="toolbar">
        <label for={id}>Period</label>
        <select id={id} value={hours} onChange={(event) => setHours(Number(event.currentTarget.value))}>
          {periods.map((period) => (
            <option key={period.hours} value={period.hours}>
              {period.label}
            </option>
          ))}
        </select>
        <button type="button" class="secondary" onClick={analytics.reload}>
          Refresh
        </button>
      </div>
      <LoadStatus of={analytics} what="the analytics" />
      {data && (
        <>
          <p class="help">
            From {localTime(data.from)} to {localTime(data.to)}.
          </p>
          <dl class="figures">
            {figures.map((figure) => (
              <div key={figure.term}>
                <dt>{figure.term}</dt>
                <dd class="figure">{figure.value(data)}</dd>
                <dd class="help">{figure.help}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </>
  )
}
