import { presenceWords } from '../queue/presence-words.js'
import { timeAgo } from '../queue/time-words.js'
import type { OpenConversation } from './open-conversation.js'

/** Whether the visitor's identity is proven: a site's signed `userHash`, a claimed user id, or nothing. */
function identity(visitor: OpenConversation['visitor']): string {
  if (visitor.userIdVerified) return 'Verified user'
  return visitor.userId ? 'Not verified (claimed user id)' : 'Anonymous visitor'
}

/** Who the visitor is and where they are, as far as the server knows. */
export function VisitorDetails(props: { conversation: OpenConversation; name: string; now: number }) {
  const { visitor, presence, session } = props.conversation
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
