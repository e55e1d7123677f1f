import {
  errors,
  limits,
  type BeaconBody,
  type HelloFrame,
  type Message,
  type Presence,
  type ResumeBody,
  type ResumeResponse,
  type TabSignals,
  type VisitorServerFrame,
  visitorCloseReasons,
} from '@porchlight/protocol'
import { reconnectDelay } from './backoff.js'
import { browserLocale } from './browser-locale.js'
import { createClientId } from './client-id.js'
import type { ClientError } from './client-error.js'
import { createConnection } from './connection.js'
import type { ConnectionStatus } from './connection-status.js'
import { createEmitter, type Subscribe } from './emitter.js'
import type { Identity } from './identity.js'
import { createMessageLog } from './message-log.js'
import { createOutbox } from './outbox.js'
import { watchPageLifecycle } from './page-lifecycle.js'
import type { PendingMessage } from './pending-message.js'
import { takeReturnToken } from './return-link.js'
import { readJson, writeJson } from './storage.js'
import { sameSignals, watchTabSignals } from './tab-signals.js'
import { createTypingIndicator } from './typing-indicator.js'
import { paceTyping } from './pace-typing.js'

/** Options of {@link createClient}. */
export interface ClientOptions {
  /**
   * The Porchlight server's base URL, e.g. `https://chat.example.com` (a path prefix such as
   * `https://example.com/chat` works too). The client connects to its `/ws/visitor` socket.
   */
  server: string
  /** The site id configured on the server. Default: `"default"`. */
  site?: string
  /** Identifies the visitor at once, as {@link Client.identify} would. */
  user?: Identity
  /**
   * The wait before reconnection attempt `attempt` (0 right after a loss), in milliseconds.
   * Default: none for the first attempt, then full jitter, `random(0, min(30 s, 0.5 s * 2^attempt))`.
   */
  reconnectDelay?: (attempt: number) => number
  /** The wait before resending a message the server refused with `rate_limited`, in ms. Default: 2000. */
  retryDelay?: number
}

/** What the welcome told the client. */
export interface ReadyEvent {
  readonly visitorId: string
  /** `null` until the visitor's first message starts a conversation. */
  readonly conversationId: string | null
}

/** The events of a {@link Client}, by name, with their listener signatures. */
export interface ClientEvents {
  /** The server welcomed the client, after the first connection and after every reconnection. */
  ready: (event: ReadyEvent) => void
  /**
   * A stored message the client learns of, once per message: replayed history on connect, agents' and
   * bots' replies, the visitor's messages from other tabs, and the visitor's own once the server
   * acknowledged them (pending ones are in {@link Client.pending}, never in this event).
   */
  message: (message: Message) => void
  /** {@link Client.messages} or {@link Client.pending} changed: re-read them to render. */
  change: () => void
  status: (status: ConnectionStatus) => void
  error: (error: ClientError) => void
  /**
   * The visitor's presence changed, as the server decides it from the signals of all their tabs (and,
   * for a UI, whether the panel is open in any of them).
   */
  presence: (presence: Presence) => void
  /** {@link Client.unread} changed: a reply arrived, or the visitor read (in this tab or another). */
  unread: (count: number) => void
  /**
   * The page was opened from a follow-up email's return link, and the link was good: the client now
   * speaks for the visitor of `conversationId` (open your chat UI on it). With `identityRequired`, the
   * conversation shows only once the page calls `identify` with a valid `userHash`. A used, expired or
   * unknown link is an `error` instead (`resume_token_used`, `resume_token_expired`, `resume_token_invalid`).
   */
  resume: (event: { conversationId: string; identityRequired: boolean }) => void
  /**
   * An agent started typing a reply (their name) or stopped (`null`): see {@link Client.typing}.
   */
  typing: (name: string | null) => void
}

/** A headless Porchlight client: the visitor's socket, conversation and outbox, without any UI. */
export interface Client {
  /** The stored messages of the conversation, oldest first. */
  readonly messages: readonly Message[]
  /** The visitor's messages the server has not acknowledged yet, oldest first. */
  readonly pending: readonly PendingMessage[]
  readonly status: ConnectionStatus
  /**
   * The visitor's presence as the server last reported it, merged over all of their tabs; `null` until
   * the server has sent one. Changes arrive as the `presence` event.
   */
  readonly presence: Presence | null
  /**
   * What this tab reports to the server: `visible`, `focused`, `widgetOpen` and `idle` (no input for
   * the site's idle threshold while visible). The client watches the page for all but `widgetOpen`.
   */
  readonly signals: TabSignals
  /**
   * Sends a message: it is kept in the outbox (localStorage) and resent after every reconnection, also
   * after a reload, until the server acknowledges it. Throws a `RangeError` for an empty text or one
   * longer than the protocol allows (4000 characters).
   */
  send(text: string): PendingMessage
  /**
   * Tells the server who the visitor is; repeated after every reconnection. Fields left out keep their
   * values, as on the server. An `email` the server refuses comes back as an `invalid_email` error and is
   * not sent again.
   */
  identify(this: void, identity: Identity): void
  /**
   * Whether the server has an email for the visitor (from the welcome), or one was just given to
   * {@link identify}: a UI asks for one only when it is `false`.
   */
  readonly emailKnown: boolean
  /**
   * Whether at least one agent is online (from the welcome, then live), `null` until the server said:
   * a UI can promise a quick reply, or an email. Changes come with the `change` event.
   */
  readonly teamOnline: boolean | null
  /** The site asks to hide the launcher while no agent is online (unless the visitor has a conversation). */
  readonly hideLauncherWhenTeamOffline: boolean
  /** The visitor's read watermark: every message up to this `seq` has been seen (0: none). */
  readonly readSeq: number
  /** Agents' and bots' messages after {@link readSeq}: the count to show on a launcher. */
  readonly unread: number
  /**
   * Reports that the visitor has seen every message up to `seq`. Call it only for messages that were
   * on screen in a visible tab: the server keeps the highest, shares it with the visitor's other tabs,
   * and a follow-up email is not sent for a message that was read.
   *
   * @example
   * ```ts
   * const client = createClient({ server: 'https://chat.example.com' })
   * client.on('unread', (count) => (badge.textContent = count ? String(count) : ''))
   * onShown(() => client.markRead(client.messages.at(-1)?.seq ?? 0))
   * ```
   */
  markRead(this: void, seq: number): void
  /**
   * Reports whether your chat UI is open, for a UI built on the headless client (`createWidget` does
   * it for its own panel). The server uses it for presence and read receipts: call it whenever your
   * panel opens or closes. It starts out closed.
   *
   * @example
   * ```ts
   * const client = createClient({ server: 'https://chat.example.com' })
   * chatDrawer.addEventListener('toggle', () => client.setWidgetOpen(chatDrawer.open))
   * ```
   */
  setWidgetOpen(open: boolean): void
  /**
   * The name of the agent typing a reply, or `null`. It clears when their message arrives, when they
   * stop, and 6 s after they last said they were typing. Changes arrive as the `typing` event.
   */
  readonly typing: string | null
  /**
   * Reports whether the visitor is typing (their text is not empty): call it on every input; frames
   * are paced (a start at most every 2 s while typing, one stop). {@link send} reports the stop itself.
   *
   * @example
   * ```ts
   * textarea.addEventListener('input', () => client.setTyping(textarea.value.trim() !== ''))
   * ```
   */
  setTyping(this: void, active: boolean): void
  /**
   * Whether the site takes the visitor's messages (two-way chat, the site's setting; `true` until the
   * welcome says). When it is off, agents' replies still arrive, but a message sent is refused with a
   * `two_way_chat_off` error and dropped from the outbox: hide your composer. A change emits `change`.
   */
  readonly twoWayChat: boolean
  /** Subscribes to an event; the returned function unsubscribes. */
  on: Subscribe<ClientEvents>
  /**
   * Closes the socket for good and stops watching the page. Pending messages stay in the outbox for the
   * next page load.
   */
  shutdown(): void
}

/** A URL on the server; a path prefix in its base URL is kept. */
const serverUrl = (server: string, path: string) => new URL(path, server.endsWith('/') ? server : `${server}/`)

/** The visitor socket's URL for a server base URL: `http(s)` becomes `ws(s)`. */
function socketUrl(server: string): string {
  const url = serverUrl(server, 'ws/visitor')
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.href
}

/**
 * Creates a headless client and connects it. The visitor token and the outbox live in localStorage
 * under keys per server and site; nothing is stored in cookies.
 *
 * @example
 * ```ts
 * import { createClient } from '@porchlight/widget'
 *
 * const client = createClient({ server: 'https://chat.example.com', site: 'default' })
 * client.on('message', (message) => console.log(`${message.author}: ${message.text}`))
 * client.on('ready', () => client.send('Hello!'))
 * ```
 */
export function createClient(options: ClientOptions): Client {
  const site = options.site ?? 'default'
  const url = socketUrl(options.server)
  const beaconUrl = serverUrl(options.server, 'api/visitor/beacon').href
  const tokenKey = `porchlight:token:${site}@${url}`
  const retryDelay = options.retryDelay ?? 2000
  const returnToken = takeReturnToken()
  /** Exchanging a return link: no socket until it is done (its welcome would store another visitor's token). */
  let resuming = returnToken !== undefined
  const events = createEmitter<ClientEvents>()
  const log = createMessageLog()
  const outbox = createOutbox(`porchlight:outbox:${site}@${url}`)
  let status: ConnectionStatus = 'connecting'
  let identity: Identity | undefined
  let conversationId: string | null = null
  let sentToken: string | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let presence: Presence | null = null
  let emailKnown = false
  let teamOnline: boolean | null = null
  let hideLauncherWhenTeamOffline = false
  let readSeq = 0
  let unread = 0
  let twoWayChat = true
  let typing: string | null = null
  const indicator = createTypingIndicator((name) => events.emit('typing', (typing = name)))
  /** The signals the server has from the current socket (its hello or the last `signals` frame). */
  let told: TabSignals | undefined

  // Sent at once, and only when a signal changed: the server's presence is as fresh as the page.
  // A change before the welcome cannot be sent yet: the welcome sends it.
  const tell = () => {
    const now = signals.current
    if (told && sameSignals(told, now)) return
    if (connection.send({ type: 'signals', ...now })) told = now
  }
  const signals = watchTabSignals(tell)

  const setTyping = paceTyping((active) => connection.send({ type: 'typing', active }))

  const transmit = (item: PendingMessage) => connection.send({ type: 'message.send', clientId: item.clientId, text: item.text })

  const sendIdentity = () => {
    if (!identity) return
    const { userId, email, name, userHash } = identity
    connection.send({ type: 'identify', userId, email, name, userHash })
  }

  const setConversation = (id: string | null) => {
    // Messages of another conversation would interleave by seq with the new one's.
    if (conversationId !== null && id !== conversationId) {
      log.clear()
      readSeq = 0
    }
    conversationId = id
  }

  const countUnread = () => {
    const count = log.list.filter((message) => message.seq > readSeq && (message.author === 'agent' || message.author === 'bot')).length
    if (count !== unread) events.emit('unread', (unread = count))
  }

  const store = (message: Message) => {
    if (log.add(message)) events.emit('message', message)
  }

  const hello = (): HelloFrame => {
    const token = readJson(tokenKey)
    sentToken = typeof token === 'string' ? token : undefined
    return {
      type: 'hello',
      site,
      token: sentToken,
      lastSeq: log.lastSeq,
      url: typeof location === 'undefined' ? undefined : location.href.slice(0, limits.url),
      ...browserLocale(),
      signals: (told = signals.current),
    }
  }

  const onFrame = (frame: VisitorServerFrame) => {
    switch (frame.type) {
      case 'ping':
        // The server's application heartbeat: answered here, in onmessage, at once. A client timer would
        // be throttled to once a minute in a background tab; an answer proves the page is not frozen.
        connection.send({ type: 'pong', ...signals.current })
        return
      case 'presence':
        presence = frame.presence
        events.emit('presence', presence)
        return
      case 'read':
        readSeq = Math.max(readSeq, frame.seq)
        break
      case 'team':
        teamOnline = frame.online
        break
      case 'typing':
        return indicator.set(frame.active, frame.name)
      case 'site':
        twoWayChat = frame.twoWayChat
        hideLauncherWhenTeamOffline = frame.hideLauncherWhenTeamOffline
        break
      case 'welcome':
        writeJson(tokenKey, frame.token)
        signals.setIdleAfter(frame.idleAfter)
        tell()
        // A different token means another visitor (the server did not know ours): nothing held is theirs.
        if (sentToken !== undefined && frame.token !== sentToken) {
          log.clear()
          readSeq = 0
        }
        setConversation(frame.conversationId)
        emailKnown = frame.emailKnown
        teamOnline = frame.teamOnline
        hideLauncherWhenTeamOffline = frame.hideLauncherWhenTeamOffline
        twoWayChat = frame.twoWayChat
        // Read while the socket was down: the server learns it now.
        if (readSeq > frame.readSeq) connection.send({ type: 'read', seq: readSeq })
        else readSeq = frame.readSeq
        sendIdentity()
        outbox.items.forEach(transmit)
        events.emit('ready', { visitorId: frame.visitorId, conversationId })
        break
      case 'message': {
        const { message } = frame
        setConversation(message.conversationId)
        // The visitor's own message, stored before its ack got lost, comes back in the replay.
        if (message.clientId !== null) outbox.remove(message.clientId)
        if (message.author !== 'visitor') indicator.clear()
        store(message)
        break
      }
      case 'message.ack': {
        const item = outbox.remove(frame.clientId)
        setConversation(frame.conversationId)
        if (item) {
          const { id, seq, createdAt } = frame
          store({
            id,
            conversationId: frame.conversationId,
            seq,
            author: 'visitor',
            authorName: null,
            text: item.text,
            clientId: item.clientId,
            createdAt,
          })
        }
        break
      }
      case 'error': {
        const { code, message, clientId } = frame
        if (clientId !== undefined && code === 'rate_limited') {
          retryTimer ??= setTimeout(() => {
            retryTimer = undefined
            outbox.items.forEach(transmit)
          }, retryDelay)
        } else if (clientId !== undefined && (code === 'invalid_frame' || code === 'two_way_chat_off')) {
          // The server will not accept this message: resending it after every welcome would fail forever.
          outbox.remove(clientId)
        } else if (code === 'invalid_email' && identity) {
          // Likewise for an address it refused.
          identity.email = undefined
          emailKnown = false
        }
        events.emit('error', clientId === undefined ? { code, message } : { code, message, clientId })
        break
      }
    }
    countUnread()
    events.emit('change')
  }

  const connection = createConnection({
    url,
    hello,
    onFrame,
    onStatus(next) {
      if (next === status) return
      status = next
      events.emit('status', next)
    },
    onRefused(code) {
      stopWatching()
      // The registry's words, not the close reason: that is the code, for machines.
      // Each message by name: indexing the registry would ship all of it.
      const message = code === 'unknown_site' ? errors.unknown_site.message : errors.origin_not_allowed.message
      events.emit('error', { code, message })
    },
    reconnectDelay: options.reconnectDelay ?? ((attempt) => reconnectDelay(attempt)),
    paused: resuming,
  })

  // A return link: exchanged before the first socket, so that its hello already carries the visitor's
  // new token. Whatever happens, the client connects afterwards: a server that does not answer within
  // 10 s is given up on (the timer outliving an answer aborts nothing).
  if (returnToken !== undefined) {
    const abort = new AbortController()
    setTimeout(() => abort.abort(), 10_000)
    fetch(serverUrl(options.server, 'api/visitor/resume'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: returnToken } satisfies ResumeBody),
      signal: abort.signal,
    })
      .then(async (response) => {
        const answer = (await response.json()) as ResumeResponse & ClientError
        if (!response.ok) return events.emit('error', { code: answer.code, message: answer.message })
        if (answer.site !== site) return
        if (answer.visitorToken) writeJson(tokenKey, answer.visitorToken)
        events.emit('resume', { conversationId: answer.conversationId, identityRequired: answer.identityRequired })
      })
      .catch(() => events.emit('error', { code: 'internal_error', message: 'The link back to your conversation could not be opened.' }))
      .finally(() => {
        resuming = false
        connection.reconnect()
      })
  }

  const stopLifecycle = watchPageLifecycle({
    hide(persisted) {
      connection.send({ type: 'pagehide', persisted })
      // Closed by us, with a reason: the server tells a page that went away from a lost network, and a
      // page entering the back/forward cache holds no socket that would die there.
      connection.pause(visitorCloseReasons.pagehide)
      // The frame may not make it out of a closing page; a beacon is queued by the browser and survives
      // the page. A string body goes as text/plain: no CORS preflight.
      const token = readJson(tokenKey)
      if (typeof token === 'string' && navigator.sendBeacon) {
        const body: BeaconBody = { site, token, event: 'pagehide', persisted }
        navigator.sendBeacon(beaconUrl, JSON.stringify(body))
      }
    },
    wake() {
      if (!resuming) connection.reconnect()
    },
    freeze() {
      connection.send({ type: 'freeze' })
    },
  })

  const stopWatching = () => {
    signals.stop()
    stopLifecycle()
  }

  const client: Client = {
    get messages() {
      return log.list
    },
    get pending() {
      return outbox.items
    },
    get status() {
      return status
    },
    get presence() {
      return presence
    },
    get signals() {
      return signals.current
    },
    send(text) {
      if (!text || text.length > limits.messageText) {
        throw new RangeError(`A message has 1 to ${limits.messageText} characters.`)
      }
      const item: PendingMessage = { clientId: createClientId(), text, createdAt: new Date().toISOString() }
      setTyping(false)
      outbox.add(item)
      transmit(item)
      events.emit('change')
      return item
    },
    identify(next) {
      identity = { ...identity, ...next }
      if (next.email) emailKnown = true
      sendIdentity()
    },
    get emailKnown() {
      return emailKnown
    },
    get teamOnline() {
      return teamOnline
    },
    get hideLauncherWhenTeamOffline() {
      return hideLauncherWhenTeamOffline
    },
    get readSeq() {
      return readSeq
    },
    get unread() {
      return unread
    },
    markRead(seq) {
      if (seq <= readSeq) return
      readSeq = seq
      connection.send({ type: 'read', seq })
      countUnread()
      events.emit('change')
    },
    setWidgetOpen(open) {
      signals.setWidgetOpen(open)
    },
    get typing() {
      return typing
    },
    setTyping,
    get twoWayChat() {
      return twoWayChat
    },
    on: events.on,
    shutdown() {
      clearTimeout(retryTimer)
      indicator.clear()
      stopWatching()
      connection.close(visitorCloseReasons.shutdown)
    },
  }
  if (options.user) client.identify(options.user)
  return client
}
