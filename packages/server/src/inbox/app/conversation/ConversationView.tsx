import { useEffect } from 'preact/hooks'
import { useInbox } from '../inbox-context.js'
import { visitorName } from '../queue/visitor-name.js'
import { useAgents } from '../use-agents.js'
import { useNow } from '../use-now.js'
import { routeHref, useRoute } from '../route.js'
import { Composer } from './Composer.js'
import { DetailsForm } from './DetailsForm.js'
import { MessageLog } from './MessageLog.js'
import { otherOwner } from './other-owner.js'
import { Notes } from './Notes.js'
import { PresenceTimeline } from './PresenceTimeline.js'
import { useConversation } from './use-conversation.js'
import { useLiveActivity } from './use-live-activity.js'
import { VisitorDetails } from './VisitorDetails.js'
import { WorkflowControls } from './WorkflowControls.js'

/** "Ann and Bob", "Ann, Bob and Cy". */
function names(list: string[]): string {
  return list.length < 2 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)!}`
}

/**
 * The open conversation: who the visitor is and whether they are there, the messages with "Seen", the
 * reply box, take and finish, details, private notes, and who else is viewing or typing. While it is on
 * screen in a visible tab, the agent has read it to the end (their watermark follows).
 */
export function ConversationView(props: { id: string }) {
  const { agent, send } = useInbox()
  const { open, error, merge } = useConversation(props.id)
  const conversation = open?.conversation
  const { viewers, typing } = useLiveActivity(props.id)
  const agents = useAgents()
  const now = useNow()
  const route = useRoute()

  const lastSeq = conversation?.lastSeq ?? 0
  const read = conversation?.readWatermarks.agents[agent.id] ?? 0
  useEffect(() => {
    const markRead = () => {
      if (lastSeq > read && document.visibilityState === 'visible') send({ type: 'read', conversationId: props.id, seq: lastSeq })
    }
    markRead()
    document.addEventListener('visibilitychange', markRead)
    return () => document.removeEventListener('visibilitychange', markRead)
  }, [props.id, lastSeq, read, send])

  if (error) {
    return (
      <p class="error" role="alert">
        {error}
      </p>
    )
  }
  if (!open || !conversation) return <p role="status">Loading the conversation…</p>
  const name = visitorName(conversation.visitor)
  const owner = otherOwner(conversation, agent.id)

  return (
    <article class="conversation" aria-labelledby="conversation-heading">
      <div class="conversation-main">
        <header class="conversation-head">
          {route.page === 'inbox' && (
            <a class="back" href={routeHref({ ...route, conversationId: null })}>
              Back to the queue
            </a>
          )}
          <h2 id="conversation-heading" tabIndex={-1}>
            {name}
          </h2>
          <WorkflowControls conversation={conversation} agents={agents} onChanged={merge} />
        </header>
        <p class="live" role="status">
          {[
            viewers.length > 0 ? `Also viewing: ${names(viewers)}` : '',
            typing.length > 0 ? `${names(typing)} ${typing.length === 1 ? 'is' : 'are'} typing…` : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <MessageLog messages={conversation.messages} visitorName={name} visitorRead={conversation.readWatermarks.visitor} />
        <Composer conversationId={conversation.id} owner={owner && (agents.get(owner)?.name ?? 'another agent')} onChanged={merge} />
      </div>
      <aside class="conversation-side" aria-label="About the visitor">
        <VisitorDetails conversation={conversation} name={name} now={now} />
        <PresenceTimeline timeline={open.timeline} />
        <DetailsForm conversation={conversation} onChanged={merge} />
        <Notes conversationId={conversation.id} />
      </aside>
    </article>
  )
}
