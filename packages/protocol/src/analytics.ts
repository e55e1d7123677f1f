import { Type, type Static } from 'typebox'
import { Timestamp } from './message.js'

/** The query of `GET /api/analytics`. */
export const AnalyticsQuery = Type.Object(
  { hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, default: 24, description: 'The length of the window, in hours' })) },
  { additionalProperties: false, title: 'AnalyticsQuery' },
)
export type AnalyticsQuery = Static<typeof AnalyticsQuery>

const Average = (description: string) => Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description })

/**
 * The team's numbers over the window `(from, to]`: `to` is the time of the request and `from` is `hours`
 * earlier; a moment exactly at `from` is outside, one at `to` inside. Only messages written by a visitor
 * or by an agent count; bot and system messages count for nothing.
 */
export const Analytics = Type.Object(
  {
    from: Timestamp,
    to: Timestamp,
    hours: Type.Integer({ minimum: 1, maximum: 720 }),
    finished: Type.Integer({
      minimum: 0,
      description: 'Conversations finished in the window: status `finished` now, with `finishedAt` in the window (a reopened one is not)',
    }),
    active: Type.Integer({
      minimum: 0,
      description: 'Conversations open now (status `unanswered` or `active`) with at least one message, by anyone, in the window',
    }),
    answered: Type.Integer({ minimum: 0, description: 'Conversations with at least one agent message in the window' }),
    averageResponseMs: Average(
      'The mean response time, in milliseconds, over the turns that began in the window and were answered. A turn begins with ' +
        "a visitor message that is the conversation's first, or whose previous visitor-or-agent message is an agent's; its " +
        'response time runs from that message to the first agent message after it. Turns not ' +
        'answered yet are left out; null when no turn counts.',
    ),
    averageHandlingMs: Average(
      'The mean of `finishedAt - createdAt`, in milliseconds, over the conversations counted in `finished`: from the ' +
        "conversation's creation to its last finish, the time between a finish and a reopen included; null when none is. " +
        'For conversations finished before the upgrade that added `finishedAt`, it was taken from their last change, so ' +
        'theirs is approximate.',
    ),
  },
  { $id: 'Analytics', title: 'Analytics' },
)
export type Analytics = Static<typeof Analytics>
