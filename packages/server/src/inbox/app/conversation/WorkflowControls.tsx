import type { ConversationSummary } from '@porchlight/protocol'
import { useCallback, useState } from 'preact/hooks'
import { ApiError, api } from '../api.js'
import { useInbox } from '../inbox-context.js'
import { Modal } from '../Modal.js'
import type { Teammate } from '../use-agents.js'
import type { OpenConversation } from './open-conversation.js'
import { otherOwner } from './other-owner.js'

/** A pending take-over: what the confirmation says. */
interface Overtake {
  message: string
}

/**
 * "Take" (unless the agent owns it already; a conversation another agent owns asks for confirmation,
 * then takes it with `force`) and "Finish" (unless finished; finishing another agent's conversation asks
 * first too). Keys `t` and `f` press them.
 */
export function WorkflowControls(props: {
  conversation: OpenConversation
  agents: ReadonlyMap<string, Teammate>
  onChanged: (conversation: ConversationSummary) => void
}) {
  const { agent } = useInbox()
  const { conversation, onChanged } = props
  const [overtake, setOvertake] = useState<Overtake | null>(null)
  /** The owner whose conversation the agent is about to finish, while the confirmation is open. */
  const [finishing, setFinishing] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const path = `/api/conversations/${encodeURIComponent(conversation.id)}`
  const mine = conversation.status === 'active' && conversation.assigneeId === agent.id
  const owner = otherOwner(conversation, agent.id)

  const act = async (action: 'take' | 'finish', body: unknown) => {
    setError(null)
    try {
      onChanged((await api<{ conversation: ConversationSummary }>(`${path}/${action}`, { method: 'POST', body })).conversation)
      // The button pressed is gone: a taken conversation wants a reply, a finished one its heading.
      requestAnimationFrame(() => document.getElementById(action === 'take' ? 'reply' : 'conversation-heading')?.focus())
      return true
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'conversation_taken') setOvertake({ message: failure.message })
      else setError(failure instanceof ApiError ? failure.message : 'The server cannot be reached.')
      return false
    }
  }
  const take = () => {
    if (owner) {
      const name = props.agents.get(owner)?.name ?? 'Another agent'
      setOvertake({ message: `${name} is answering this conversation.` })
    } else void act('take', {})
  }
  const closeOvertake = useCallback(() => setOvertake(null), [])
  const finish = () => {
    if (owner) setFinishing(props.agents.get(owner)?.name ?? 'Another agent')
    else void act('finish', undefined)
  }
  const closeFinishing = useCallback(() => setFinishing(null), [])

  return (
    <div class="workflow">
      <p class="owner" role="status">
        {conversation.status === 'finished'
          ? 'Finished'
          : mine
            ? 'You are answering'
            : owner
              ? `Answered by ${props.agents.get(owner)?.name ?? 'another agent'}`
              : 'Unanswered'}
      </p>
      {!mine && (
        <button type="button" data-shortcut="take" onClick={take}>
          Take
        </button>
      )}
      {conversation.status !== 'finished' && (
        <button type="button" class="secondary" data-shortcut="finish" onClick={finish}>
          Finish
        </button>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {finishing && (
        <Modal title="Finish this conversation?" onClose={closeFinishing}>
          <p>{finishing} is answering this conversation. Finishing it takes it out of their queue.</p>
          <div class="actions">
            <button type="button" onClick={() => void act('finish', undefined).then(() => setFinishing(null))}>
              Finish it
            </button>
            <button type="button" class="secondary" onClick={closeFinishing}>
              Cancel
            </button>
          </div>
        </Modal>
      )}
      {overtake && (
        <Modal title="Take over this conversation?" onClose={closeOvertake}>
          <p>{overtake.message} Taking it over makes you its owner; they will see that you took it.</p>
          <div class="actions">
            <button type="button" onClick={() => void act('take', { force: true }).then(() => setOvertake(null))}>
              Take over
            </button>
            <button type="button" class="secondary" onClick={closeOvertake}>
              Cancel
            </button>
          </div>
        </Modal>
      )}
    </div>
  )
}
