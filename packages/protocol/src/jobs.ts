import { Type, type Static } from 'typebox'
import { Timestamp } from './message.js'

/** The query of `GET /api/jobs/failed`: only jobs of `kind` (`webhook`, `followup`…), at most `limit`. */
export const FailedJobsQuery = Type.Object(
  {
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false, title: 'FailedJobsQuery' },
)
export type FailedJobsQuery = Static<typeof FailedJobsQuery>

/** A durable job that failed for good: it will not run again unless it is scheduled anew. */
export const FailedJob = Type.Object(
  {
    /** What the job does: `webhook` (a delivery), `followup` (a follow-up email)… */
    kind: Type.String(),
    /** Which one: a webhook's delivery id, a conversation's id… */
    key: Type.String(),
    payload: Type.Unknown(),
    /** When it was scheduled for. */
    dueAt: Timestamp,
    attempts: Type.Integer({ minimum: 0 }),
    /** Why its last attempt failed. */
    lastError: Type.String(),
    failedAt: Timestamp,
  },
  { $id: 'FailedJob', title: 'FailedJob' },
)
export type FailedJob = Static<typeof FailedJob>

/** The answer to `GET /api/jobs/failed`: newest failure first. */
export const FailedJobList = Type.Object({ jobs: Type.Array(FailedJob) }, { $id: 'FailedJobList', title: 'FailedJobList' })
export type FailedJobList = Static<typeof FailedJobList>
