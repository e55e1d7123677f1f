import { limits, type HelloFrame, type Message, type VisitorServerFrame } from '@porchlight/protocol'
import { reconnectDelay } from './backoff.js'
import { createClientId } from './client-id.js'
import type { ClientError } from './client-error.js'
import { createConnection } from './connection.js'
import type { ConnectionStatus } from './connection-status.js'
import { createEmitter, type Subscribe } from './emitter.js'
import type { Identity } from './identity.js'
import { createMessageLog } from './message-log.js'
import { createOutbox } from './outbox.js'
import type { PendingMessage } from './pending-message.js'
import { readJson, writeJson } from './storage.js'

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
}

/** A headless Porchlight client: the visitor's socket, conversation and outbox, without any UI. */
export interface Client {
  /** The stored messages of the conversation, oldest first. */
  readonly messages: readonly Message[]
  /** The visitor's messages the server has not acknowledged yet, oldest first. */
  readonly pending: readonly PendingMessage[]
  readonly status: ConnectionStatus
  /**
   * Sends a message: it is kept in the outbox (localStorage) and resent after every reconnection, also
   * after a reload, until the server acknowledges it. Throws a `RangeError` for an empty text or one
   * longer than the protocol allows (4000 characters).
   */
  send(text: string): PendingMessage
  /** Tells the server who the visitor is; repeated after every reconnection. */
  identify(identity: Identity): void
  /** Subscribes to an event; the returned function unsubscribes. */
  on: Subscribe<ClientEvents>
  /** Closes the socket for good. Pending messages stay in the outbox for the next page load. */
  shutdown(): void
}

/** The visitor socket's URL for a server base URL: `http(s)` becomes `ws(s)`, a path prefix is kept. */
function socketUrl(server: string): string {
  const url = new URL('ws/visitor', server.endsWith('/') ? server : `${server}/`)
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
  const tokenKey = `porchlight:token:${site}@${url}`
  const retryDelay = options.retryDelay ?? 2000
  const events = createEmitter<ClientEvents>()
  const log = createMessageLog()
  const outbox = createOutbox(`porchlight:outbox:${site}@${url}`)
  let status: ConnectionStatus = 'connecting'
  let identity: Identity | undefined
  let conversationId: string | null = null
  let sentToken: string | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const transmit = (item: PendingMessage) =>
    connection.send({ type: 'message.send', clientId: item.clientId, text: item.text })

  const sendIdentity = () => {
    if (!identity) return
    const { userId, email, name, userHash } = identity
    connection.send({ type: 'identify', userId, email, name, userHash })
  }

  const setConversation = (id: string | null) => {
    // Messages of another conversation would interleave by seq with the new one's.
    if (conversationId !== null && id !== conversationId) log.clear()
    conversationId = id
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
    }
  }

  const onFrame = (frame: VisitorServerFrame) => {
    switch (frame.type) {
      case 'welcome':
        writeJson(tokenKey, frame.token)
        // A different token means another visitor (the server did not know ours): nothing held is theirs.
        if (sentToken !== undefined && frame.token !== sentToken) log.clear()
        setConversation(frame.conversationId)
        sendIdentity()
        outbox.items.forEach(transmit)
        events.emit('ready', { visitorId: frame.visitorId, conversationId })
        break
      case 'message': {
        const { message } = frame
        setConversation(message.conversationId)
        // The visitor's own message, stored before its ack got lost, comes back in the replay.
        if (message.clientId !== null) outbox.remove(message.clientId)
        store(message)
        break
      }
      case 'message.ack': {
        const item = outbox.remove(frame.clientId)
        setConversation(frame.conversationId)
        if (item) {
          const { id, seq, createdAt } = frame
          store({ id, conversationId: frame.conversationId, seq, author: 'visitor', authorName: null, text: item.text, clientId: item.clientId, createdAt })
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
        } else if (clientId !== undefined && code === 'invalid_frame') {
          // The server will never accept this message: resending it after every welcome would fail forever.
          outbox.remove(clientId)
        }
        events.emit('error', clientId === undefined ? { code, message } : { code, message, clientId })
        break
      }
    }
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
    onUnknownSite(message) {
      events.emit('error', { code: 'unknown_site', message })
    },
    reconnectDelay: options.reconnectDelay ?? ((attempt) => reconnectDelay(attempt)),
  })

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
    send(text) {
      if (!text || text.length > limits.messageText) {
        throw new RangeError(`A message has 1 to ${limits.messageText} characters.`)
      }
      const item: PendingMessage = { clientId: createClientId(), text, createdAt: new Date().toISOString() }
      outbox.add(item)
      transmit(item)
      events.emit('change')
      return item
    },
    identify(next) {
      identity = next
      sendIdentity()
    },
    on: events.on,
    shutdown() {
      clearTimeout(retryTimer)
      connection.close()
    },
  }
  if (options.user) client.identify(options.user)
  return client
}
