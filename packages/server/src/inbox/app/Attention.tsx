import type { AgentServerFrame } from '@porchlight/protocol'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useInbox } from './inbox-context.js'
import type { ListDefinition } from './queue/lists.js'
import { useConversationList } from './queue/use-conversation-list.js'
import { visitorName } from './queue/visitor-name.js'
import { navigate } from './route.js'

const title = 'Porchlight inbox'
const soundKey = 'porchlight.inbox.sound'

/** The whole live queue: what the tab title counts. */
const liveQueue: ListDefinition = {
  key: 'active',
  label: 'Live queue',
  query: { session: 'active' },
  matches: (conversation) => conversation.session.state === 'active',
}

/** Whether the agent is looking at the inbox now: a notification would only repeat what they see. */
function inView(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus()
}

/** A short, soft two-tone chime, made on the spot (no audio file to download). */
function chime(): void {
  const audio = new AudioContext()
  for (const [index, frequency] of [880, 1320].entries()) {
    const tone = audio.createOscillator()
    const gain = audio.createGain()
    tone.frequency.value = frequency
    const start = audio.currentTime + index * 0.12
    gain.gain.setValueAtTime(0.12, start)
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.25)
    tone.connect(gain).connect(audio.destination)
    tone.start(start)
    tone.stop(start + 0.25)
  }
  setTimeout(() => void audio.close(), 1000)
}

/** What a frame is worth telling an agent who is not looking: a new conversation or a visitor's message. */
function news(frame: AgentServerFrame): { conversationId: string; body: string; name: string | null } | null {
  if (frame.type === 'conversation.created') {
    return {
      conversationId: frame.conversation.id,
      body: frame.conversation.lastMessage?.text ?? '',
      name: visitorName(frame.conversation.visitor),
    }
  }
  // A conversation's first message comes with its `conversation.created`: told once, above.
  if (frame.type === 'message.created' && frame.message.author === 'visitor' && frame.message.seq > 1) {
    return { conversationId: frame.message.conversationId, body: frame.message.text, name: null }
  }
  return null
}

/**
 * What brings the agent back: the number of unread visitor messages in the tab title, and, while the
 * inbox is not in view, a desktop notification (once the agent allows them) and an optional sound for
 * a new conversation or a new visitor message. Renders the two switches.
 */
export function Attention() {
  const { subscribe } = useInbox()
  const { conversations } = useConversationList(liveQueue, '')
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'denied'))
  const [sound, setSound] = useState(() => localStorage.getItem(soundKey) === 'on')

  const unread = useMemo(() => conversations.reduce((sum, conversation) => sum + conversation.unread, 0), [conversations])
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${title}` : title
  }, [unread])

  useEffect(
    () =>
      subscribe((frame) => {
        const item = news(frame)
        if (!item || inView()) return
        if (sound) chime()
        if (permission !== 'granted') return
        const notification = new Notification(item.name ? `New conversation: ${item.name}` : 'New message', {
          body: item.body.slice(0, 200),
          tag: item.conversationId,
        })
        notification.onclick = () => {
          window.focus()
          navigate({ page: 'inbox', list: 'unanswered', conversationId: item.conversationId })
          notification.close()
        }
      }),
    [subscribe, sound, permission],
  )

  return (
    <div class="attention">
      {'Notification' in window && permission !== 'granted' && (
        <button
          type="button"
          class="link"
          disabled={permission === 'denied'}
          title={permission === 'denied' ? 'Notifications are blocked in this browser’s site settings' : undefined}
          onClick={() => void Notification.requestPermission().then(setPermission)}
        >
          Enable notifications
        </button>
      )}
      <label>
        <input
          type="checkbox"
          checked={sound}
          onChange={(event) => {
            const on = event.currentTarget.checked
            localStorage.setItem(soundKey, on ? 'on' : 'off')
            setSound(on)
          }}
        />
        Sound
      </label>
    </div>
  )
}
