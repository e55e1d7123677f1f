import { escapeHtml } from '../followup/escape-html.js'
import type { RenderedEmail } from '../followup/followup-email.js'

/** What a team alert says: which way the team turned, for how long, since when. */
export interface TeamAlertInput {
  kind: 'offline' | 'online'
  /** The threshold that was passed, in ms. */
  after: number
  /** When the team turned offline (or back online), in ms. */
  since: number
  /** Where the inbox is. */
  inboxUrl: string
}

/** A duration as people say it: `90 s`, `5 min`, `2 h`. */
const spoken = (ms: number) => {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`
  if (ms % 60_000 === 0) return `${ms / 60_000} min`
  return `${Math.round(ms / 100) / 10} s`
}

/**
 * Renders a team-monitoring alert: no agent online for more than the threshold, or the team back
 * online for more than it. Nothing in it comes from visitors; it is escaped all the same.
 *
 * @example
 * ```ts
 * renderTeamAlert({ kind: 'offline', after: 60_000, since: Date.now() - 60_000, inboxUrl: 'https://chat.example.com/inbox' })
 * // { subject: 'No agent has been online for more than 1 min', ... }
 * ```
 */
export function renderTeamAlert(input: TeamAlertInput): RenderedEmail {
  const since = new Date(input.since).toISOString()
  const subject =
    input.kind === 'offline'
      ? `No agent has been online for more than ${spoken(input.after)}`
      : `The team is back online for more than ${spoken(input.after)}`
  const detail =
    input.kind === 'offline'
      ? `Nobody has answered visitors since ${since}: visitors see "We'll reply by email".`
      : `An agent has been online since ${since}: visitors see "We usually reply in a few minutes" again.`
  const text = [subject + '.', '', detail, '', `Open the inbox: ${input.inboxUrl}`, ''].join('\n')
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"></head><body style="font-family:system-ui,sans-serif;line-height:1.5"><p><strong>${escapeHtml(subject)}.</strong></p><p>${escapeHtml(detail)}</p><p><a href="${escapeHtml(input.inboxUrl)}">Open the inbox</a></p></body></html>`
  return { subject, text, html }
}
