import { timeOrderedId } from '../store/time-ordered-id.js'
import {
  errors,
  limits,
  visitorClientFrames,
  visitorCloseReasons,
  type ErrorCode,
  type HelloFrame,
  type IdentifyFrame,
  type Message,
  type Presence,
  type SendMessageFrame,
  type TabSignals,
  type VisitorClientFrame,
  type VisitorServerFrame,
} from '@porchlight/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import type { ResolvedOptions } from '../config/options.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { ConversationService } from '../conversations/conversation-service.js'
import { hashToken, newToken } from '../identity/tokens.js'
import type { EventBus } from '../events/event-bus.js'
import { verifyUserHash } from '../identity/user-hash.js'
import type { DisconnectCause } from '../presence/presence-engine.js'
import type { PresenceTracker } from '../presence/presence-tracker.js'
import type { Store } from '../store/store.js'
import { frameParser } from './frame-parser.js'
import { closeSocket, sendFrame } from './send-frame.js'
import { TokenBucket } from './token-bucket.js'

const parseFrame = frameParser<VisitorClientFrame>(visitorClientFrames)

/** How many messages one read of a replay fetches. */
const replayPage = 500

/** The application ping, encoded once for every connection and round. */
const pingFrame = JSON.stringify({ type: 'ping' })

/** Numbers this process's connections: a short flat string keeps each connection small. */
let connections = 0

/** A tab that reports nothing about itself: assume the person is looking at it. */
const assumedSignals: TabSignals = { visible: true, focused: false, widgetOpen: false, idle: false }

/** Why a socket closed, as far as its close frame tells: the browser says 1001 when a page goes away. */
function causeOfClose(code: number, reason: string): DisconnectCause {
  if (reason === visitorCloseReasons.pagehide || code === 1001) return 'page_closed'
  if (reason === visitorCloseReasons.shutdown) return 'signed_out'
  return 'network_lost'
}

/** What a visitor connection needs from the server around it. */
export interface VisitorContext {
  store: Store
  bus: EventBus
  conversations: ConversationService
  presence: PresenceTracker
  options: ResolvedOptions
  secret: string
  log: FastifyBaseLogger
  /** Adds the connection to the live set once its visitor is known; returns the function that removes it. */
  register: (connection: VisitorConnection) => () => void
}

/**
 * One visitor socket, from `hello` to close: the handshake, the replay of missed messages, message
 * sends with their acknowledgements, and live delivery. Messages that arrive while the replay is still
 * being read are held back and sent after it, so the visitor sees every message once, in order.
 */
export class VisitorConnection {
  readonly id = (++connections).toString(36)
  visitorId: string | undefined
  #siteId: string | undefined
  #helloSeen = false
  /** The frame being handled; the next one waits for it. */
  #pending: Promise<void> = Promise.resolve()
  #visitorName: string | null = null
  #replaying = true
  /** Live messages that arrived during the replay, to send after it. */
  #heldBack: Message[] | undefined
  #lastSentSeq = 0
  #unregister: (() => void) | undefined
  /** Frames that write (messages, identify) and frames that report the tab share no budget. */
  readonly #bucket: TokenBucket
  readonly #signalBucket: TokenBucket
  #handshakeTimer: NodeJS.Timeout | undefined
  /** The last round's protocol ping is unanswered. */
  #awaitingPong = false
  /** The last round's application ping is unanswered. */
  #awaitingAppPong = false
  /** Application pings missed in a row while protocol pings were answered. */
  #missedAppPings = 0
  /** Why this socket is ending, when the server knows better than the close frame. */
  #cause: DisconnectCause | undefined

  constructor(
    readonly socket: WebSocket,
    private readonly context: VisitorContext,
  ) {
    const { rateLimits, timings, clock } = context.options
    this.#bucket = new TokenBucket(rateLimits.messagesPerSecond, rateLimits.messageBurst, clock)
    this.#signalBucket = new TokenBucket(rateLimits.signalsPerSecond, rateLimits.signalBurst, clock)
    this.#handshakeTimer = setTimeout(
      () => closeSocket(socket, errors.handshake_timeout.close, 'handshake_timeout'),
      timings.handshakeTimeout,
    )
    socket.on('message', (data, isBinary) => this.#receive(data, isBinary))
    socket.on('close', (code, reason) => this.#closed(code, String(reason)))
    socket.on('pong', () => {
      this.#awaitingPong = false
    })
    socket.on('error', (error) => context.log.debug({ err: error }, 'visitor socket error'))
  }

  /** Delivers a message of this visitor's conversation, live. */
  deliver(message: Message): void {
    if (this.#replaying) (this.#heldBack ??= []).push(message)
    else this.#send(message)
  }

  /** Tells the visitor their presence as the server holds it. */
  deliverPresence(presence: Presence): void {
    this.#frame({ type: 'presence', presence })
  }

  /**
   * One heartbeat round. A socket that did not answer the last protocol ping is dead: it is terminated,
   * and the visitor may turn offline at once. One that keeps answering protocol pings (the browser's
   * network stack) but missed two application pings in a row is a frozen page. Two, because a network
   * that stalls just after answering a protocol ping looks like that for one round; by the next it has
   * missed a protocol ping too and ends as a timeout, never as a frozen page.
   */
  beat(): void {
    if (this.visitorId === undefined) return
    if (this.#awaitingPong) {
      this.#cause = 'heartbeat_timeout'
      this.socket.terminate()
      return
    }
    if (this.#awaitingAppPong && ++this.#missedAppPings === 2) this.context.presence.frozen(this.visitorId, this.id)
    this.#awaitingPong = true
    this.#awaitingAppPong = true
    this.socket.ping()
    sendFrame(this.socket, pingFrame)
  }

  #send(message: Message): void {
    if (message.seq <= this.#lastSentSeq) return
    this.#lastSentSeq = message.seq
    this.#frame({ type: 'message', message })
  }

  #frame(frame: VisitorServerFrame): void {
    sendFrame(this.socket, frame)
  }

  #error(code: ErrorCode, message: string = errors[code].message, clientId?: string): void {
    this.#frame({ type: 'error', code, message, ...(clientId !== undefined && { clientId }) })
  }

  #receive(data: unknown, isBinary: boolean): void {
    // A host app may have registered @fastify/websocket with a larger maxPayload than ours.
    if (Buffer.isBuffer(data) && data.byteLength > limits.frameBytes) {
      closeSocket(this.socket, errors.frame_too_large.close, 'frame_too_large')
      return
    }
    const parsed = parseFrame(data, isBinary)
    if (!parsed.ok) {
      if (!this.#helloSeen && parsed.code !== 'invalid_frame') {
        closeSocket(this.socket, errors.handshake_required.close, 'handshake_required')
      } else this.#error(parsed.code, parsed.message)
      return
    }
    this.#handle(parsed.frame).catch((error: unknown) => this.#failed(error))
  }

  #failed(error: unknown, clientId?: string): void {
    if (error instanceof PorchlightError) return this.#error(error.code, error.message, clientId)
    this.context.log.error({ err: error }, 'visitor frame failed')
    this.#error('internal_error', errors.internal_error.message, clientId)
  }

  #handle(frame: VisitorClientFrame): Promise<void> {
    if (frame.type === 'hello') {
      if (this.#helloSeen) return Promise.resolve(this.#error('invalid_frame', 'This socket has already sent "hello".'))
      this.#helloSeen = true
    } else if (!this.#helloSeen) {
      closeSocket(this.socket, errors.handshake_required.close, 'handshake_required')
      return Promise.resolve()
    } else if (frame.type === 'pong') {
      // Answers the application ping: the page's JavaScript runs. Only an awaited pong counts.
      if (!this.#awaitingAppPong) return Promise.resolve()
      this.#awaitingAppPong = false
      this.#missedAppPings = 0
    } else if (!(frame.type === 'message.send' || frame.type === 'identify' ? this.#bucket : this.#signalBucket).take()) {
      const clientId = frame.type === 'message.send' ? frame.clientId : undefined
      return Promise.resolve(this.#error('rate_limited', errors.rate_limited.message, clientId))
    }
    // Frames take effect in the order they arrived (an identify before the message that follows it).
    // A message only waits to be queued for writing, not for its commit: the next one can join the
    // same commit, and the writer keeps the order.
    const run = async () => {
      if (frame.type === 'hello') return this.#hello(frame)
      if (this.visitorId === undefined) return
      const visitorId = this.visitorId
      switch (frame.type) {
        case 'identify':
          return this.#identify(frame)
        case 'message.send':
          this.#sendMessage(frame).catch((error: unknown) => this.#failed(error, frame.clientId))
          return
        case 'signals':
        case 'pong': {
          const { visible, focused, widgetOpen, idle } = frame
          return this.context.presence.signals(visitorId, this.id, { visible, focused, widgetOpen, idle })
        }
        case 'pagehide':
          this.#cause = 'page_closed'
          return this.context.presence.pagehide(visitorId)
        case 'freeze':
          return this.context.presence.frozen(visitorId, this.id)
      }
    }
    this.#pending = this.#pending.then(run, run)
    return this.#pending
  }

  async #hello(frame: HelloFrame): Promise<void> {
    clearTimeout(this.#handshakeTimer)
    this.#handshakeTimer = undefined
    const { store, secret, options } = this.context
    const site = await store.sites.find(frame.site)
    if (!site) {
      closeSocket(this.socket, errors.unknown_site.close, 'unknown_site')
      return
    }
    this.#siteId = site.id
    let token = frame.token
    let visitor = token === undefined ? undefined : await store.visitors.findByTokenHash(site.id, hashToken(secret, token))
    if (!visitor || token === undefined) {
      token = newToken()
      visitor = await store.visitors.create({
        id: timeOrderedId(),
        site_id: site.id,
        token_hash: hashToken(secret, token),
        created_at: options.clock(),
      })
    }
    const conversation = await store.conversations.findByVisitor(visitor.id)
    // The socket may have closed while the visitor was being read: it must not be registered then.
    if (this.socket.readyState !== this.socket.OPEN) return
    this.visitorId = visitor.id
    this.#visitorName = visitor.name
    this.#unregister = this.context.register(this)
    this.#frame({
      type: 'welcome',
      visitorId: visitor.id,
      token,
      conversationId: conversation?.id ?? null,
      lastSeq: conversation?.lastSeq ?? 0,
      idleAfter: options.timings.idleAfter,
    })
    const stored = {
      state: visitor.presence_state,
      reason: visitor.presence_reason,
      widgetOpen: visitor.widget_open === 1,
      since: visitor.presence_since,
    }
    // A change reaches every tab, this one included; otherwise this tab still learns where it stands.
    const changed = this.context.presence.connect(visitor.id, conversation?.id ?? null, this.id, frame.signals ?? assumedSignals, stored)
    const current = this.context.presence.current(visitor.id)
    if (!changed && current) this.deliverPresence(current)
    if (conversation) await this.#replay(conversation.id, frame.lastSeq ?? 0)
    this.#replaying = false
    for (const message of this.#heldBack ?? []) this.#send(message)
    this.#heldBack = undefined
  }

  async #replay(conversationId: string, afterSeq: number): Promise<void> {
    this.#lastSentSeq = afterSeq
    for (;;) {
      const page = await this.context.store.conversations.messagesAfter(conversationId, this.#lastSentSeq, replayPage)
      for (const message of page) this.#send(message)
      if (page.length < replayPage || this.socket.readyState !== this.socket.OPEN) return
    }
  }

  async #sendMessage(frame: SendMessageFrame): Promise<void> {
    const { message } = await this.context.conversations.postFromVisitor({
      siteId: this.#siteId!,
      visitorId: this.visitorId!,
      visitorName: this.#visitorName,
      text: frame.text,
      clientId: frame.clientId,
      connectionId: this.id,
    })
    // The sender learns of its own message through the ack, not as a `message` frame.
    this.#frame({
      type: 'message.ack',
      clientId: frame.clientId,
      id: message.id,
      conversationId: message.conversationId,
      seq: message.seq,
      createdAt: message.createdAt,
    })
  }

  async #identify(frame: IdentifyFrame): Promise<void> {
    const site = await this.context.store.sites.find(this.#siteId!)
    if (site?.identity_secret && frame.userId !== undefined) {
      if (frame.userHash === undefined || !verifyUserHash(site.identity_secret, frame.userId, frame.userHash)) {
        return this.#error('identity_invalid')
      }
    }
    await this.context.store.visitors.updateProfile(this.visitorId!, {
      name: frame.name,
      email: frame.email,
      user_id: frame.userId,
    })
    if (frame.name !== undefined) this.#visitorName = frame.name
    const conversation = await this.context.store.conversations.findByVisitor(this.visitorId!)
    const summary = conversation && (await this.context.store.conversations.summary(conversation.id))
    if (summary) this.context.bus.emit('conversation.updated', { conversation: summary })
  }

  #closed(code: number, reason: string): void {
    clearTimeout(this.#handshakeTimer)
    this.#unregister?.()
    if (this.visitorId !== undefined) {
      this.context.presence.disconnect(this.visitorId, this.id, this.#cause ?? causeOfClose(code, reason))
    }
  }
}
