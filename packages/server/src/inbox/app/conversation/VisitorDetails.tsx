import { presenceWords } from '../queue/presence-words.js'
import { timeAgo } from '../queue/time-words.js'
import { browserSummary } from './browser-summary.js'
import type { OpenConversation } from './open-conversation.js'
import { languageName, localTime } from './visitor-locale.js'
import { webAddress } from './web-address.js'

/** Whether the visitor's identity is proven: a site's signed `userHash`, a claimed user id, or nothing. */
function identity(visitor: OpenConversation['visitor']): string {
  if (visitor.userIdVerified) return 'Verified user'
  return visitor.userId ? 'Not verified (claimed user id)' : 'Anonymous visitor'
}

/** The visitor's page as a link that opens apart from the inbox; only a web address becomes a link. */
function page(url: string | null) {
  if (!url) return 'Unknown'
  const href = webAddress(url)
  return href === null ? (
    url
  ) : (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {url}
    </a>
  )
}

/** Who the visitor is and where they are, as far as the server knows. */
export function VisitorDetails(props: { conversation: OpenConversation; name: string; now: number }) {
  const { visitor, presence, session } = props.conversation
  const time = localTime(visitor.timeZone, props.now)
  return (
    <section aria-labelledby="visitor-heading">
      <h2 id="visitor-heading">Visitor</h2>
      <dl class="facts">
        <dt>Name</dt>
        <dd>{props.name}</dd>
        <dt>Email</dt>
        <dd>{visitor.email ?? 'Not given'}</dd>
        <dt>Identity</dt>
        <dd>{identity(visitor)}</dd>
        <dt>Page</dt>
        <dd>{page(visitor.page)}</dd>
        <dt>Browser</dt>
        <dd title={visitor.userAgent ?? undefined}>{browserSummary(visitor.userAgent)}</dd>
        <dt>Language</dt>
        <dd>{languageName(visitor.language)}</dd>
        <dt>Local time</dt>
        <dd>{time === null ? 'Unknown' : `${time} (${visitor.timeZone})`}</dd>
        <dt>Presence</dt>
        <dd>
          <span class={`presence ${presence.state}`}>
            <span class="dot" aria-hidden="true" />
            {presenceWords(presence)}
          </span>
          {presence.widgetOpen ? ', chat open' : ''} (since {timeAgo(presence.since, props.now)})
        </dd>
        <dt>Session</dt>
        <dd>{session.state === 'active' ? 'Active' : `Inactive · ${(session.inactiveReason ?? '').replace('_', ' ')}`}</dd>
        <dt>First seen</dt>
        <dd>{timeAgo(visitor.createdAt, props.now)}</dd>
      </dl>
    </section>
  )
}
