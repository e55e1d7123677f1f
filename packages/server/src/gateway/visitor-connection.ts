import {
  errors,
  limits,
  visitorClientFrames,
  type ErrorCode,
  type HelloFrame,
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
import type { ConversationService } from '../conversations/conversation-service.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import type { SwitchedVisitor, VisitorIdentities } from '../identity/visitor-identities.js'
import type { DisconnectCause } from '../presence/presence-engine.js'
import type { LiveService } from '../live/live-service.js'
import type { PresenceTracker } from '../presence/presence-tracker.js'
import type { ReadReceipts } from '../receipts/read-receipts.js'
import type { SiteConfig, SiteDirectory } from '../sites/site-directory.js'
import type { Store } from '../store/store.js'
import type { TeamAvailability } from '../team/team-availability.js'
import type { StoredVisitor, VisitorBrowser } from '../store/visitor-repository.js'
import { causeOfClose } from './close-cause.js'
import { frameParser } from './frame-parser.js'
import type { Beating } from './heartbeat.js'
import { Liveness } from './liveness.js'
import { replay } from './replay.js'
import { closeSocket, sendFrame } from './send-frame.js'
import { TokenBucket } from './token-bucket.js'
import { handshake } from './visitor-handshake.js'

const parseFrame = frameParser<VisitorClientFrame>(visitorClientFrames)

/** The most frames a socket may have waiting to be handled; more are refused with `rate_limited`. */
const maxQueuedFrames = 64

/** Numbers this process's connections: a short flat string keeps each connection small. */
let connections = 0

/** What nothing pending awaits: one settled promise for every connection, not one each. */
const settled = Promise.resolve()

/** A tab that reports nothing about itself: assume the person is looking at it. */
const assumedSignals: TabSignals = { visible: true, focused: false, widgetOpen: false, idle: false }

/** What a visitor connection needs from the server around it. */
export interface VisitorContext {
  store: Store
  sites: SiteDirectory
  conversations: ConversationService
  identities: VisitorIdentities
  receipts: ReadReceipts
  presence: PresenceTracker
  /** Whether an agent is online, for the welcome. */
  team: TeamAvailability
  live: LiveService
  options: ResolvedOptions
  secret: string
  log: FastifyBaseLogger
  /**
   * Adds the connection to the live set once its visitor is known, with the heartbeat of its site's
   * interval at that moment; returns the function that removes it.
   */
  register(connection: VisitorConnection, site: SiteConfig): () => void
  /** Whether the address may create one more visitor. */
  admitNewVisitor(address: string): boolean
  /** Whether the visitor may send one more message (or `identify`), across all of their sockets. */
  admitMessage(visitorId: string): boolean
  /** The socket from this address closed: it no longer counts against the address. */
  released(address: string): void
}

/** The visitor a connection speaks for, once its `hello` was accepted. */
interface Welcomed {
  visitorId: string
  site: SiteConfig
  name: string | null
  /** The page the tab is on and its browser, as `hello` and the upgrade request told. */
  browser: VisitorBrowser
}

/**
 * One visitor socket, from `hello` to close: frames are read and dispatched in the order they arrived,
 * within the connection's budgets; after the welcome the messages the client missed are replayed, and
 * live ones follow without a gap or a repeat. No frame can take more than this one socket down: an
 * unexpected failure closes it with `internal_error` (1011) and is logged.
 */
export class VisitorConnection implements Beating {
  readonly id = (++connections).toString(36)
  readonly socket: WebSocket
  /** Checks each heartbeat round that the socket (and the page behind it) still answers. */
  readonly #liveness: Liveness
  readonly #context: VisitorContext
  readonly #address: string
  /** The page's origin (the upgrade's `Origin` header): checked against the site's allowed origins. */
  readonly origin: string | undefined
  /** The upgrade's `User-Agent` header, cut to `limits.userAgent`: agents see which browser it is. */
  readonly #userAgent: string | undefined
  #visitor: Welcomed | undefined
  #helloSeen = false
  /** The frame being handled; the next one waits for it. */
  #pending: Promise<void> = settled
  /** How many frames wait in {@link #pending}. */
  #queued = 0
  #conversationId: string | undefined
  /** Whether the site takes messages, as this socket last told its client. */
  #twoWayChat = true
  /** Whether the site hides the launcher while nobody is online, as this socket last told its client. */
  #hideLauncher = false
  /** Settles once the last message sent is stored and acknowledged (or refused). */
  #lastPost: Promise<void> = settled
  /** Settles once the replay after the welcome has caught up. */
  #caughtUp: Promise<void> = settled
  /** Until the replay has caught up, live messages are not sent but read again from the store. */
  #replaying = true
  #liveArrived = false
  #lastSentSeq = 0
  #unregister: (() => void) | undefined
  /** Presence frames have a budget per socket (messages have one per visitor, see the context). */
  readonly #signalBucket: TokenBucket
  #handshakeTimer: NodeJS.Timeout | undefined
  /** Why this socket is ending, when the server knows better than the close frame. */
  #cause: DisconnectCause | undefined

  constructor(socket: WebSocket, address: string, headers: { origin?: string; 'user-agent'?: string }, context: VisitorContext) {
    this.socket = socket
    this.#address = address
    this.origin = headers.origin
    this.#userAgent = headers['user-agent']?.slice(0, limits.userAgent) || undefined
    this.#context = context
    const { rateLimits, timings, clock } = context.options
    this.#signalBucket = new TokenBucket(rateLimits.signalsPerSecond, rateLimits.signalBurst, clock)
    this.#liveness = new Liveness(socket, { answered: true })
    this.#handshakeTimer = setTimeout(
      () => closeSocket(socket, errors.handshake_timeout.close, 'handshake_timeout'),
      timings.handshakeTimeout,
    )
    // Whatever a handler throws ends this socket, not the process.
    socket.on('message', (data, isBinary) => {
      try {
        this.#receive(data, isBinary)
      } catch (error) {
        this.#crashed(error)
      }
    })
    socket.on('close', (code, reason) => {
      try {
        this.#closed(code, String(reason))
      } catch (error) {
        this.#crashed(error)
      }
    })
  }

  /**
   * One heartbeat round (the gateway adds a welcomed connection to its heartbeat). A socket that did not
   * answer the last protocol ping is terminated, and the visitor may turn offline at once; a page that
   * answers the browser's pings but not its own is frozen.
   */
  beat(): void {
    const verdict = this.#liveness.beat()
    if (verdict === 'dead') {
      this.#cause = 'heartbeat_timeout'
      this.socket.terminate()
    } else if (verdict === 'frozen' && this.#visitor) this.#context.presence.frozen(this.#visitor.visitorId, this.id)
  }

  /** The visitor's id, once the handshake is done. */
  get visitorId(): string | undefined {
    return this.#visitor?.visitorId
  }

  /** The site's id, once the handshake is done. */
  get siteId(): string | undefined {
    return this.#visitor?.site.id
  }

  /** Delivers a message of this visitor's conversation, live. */
  deliver(message: Message): void {
    if (!this.#replaying) return void this.#sendMessage(message)
    this.#conversationId ??= message.conversationId
    this.#liveArrived = true
  }

  /** Tells the visitor their read watermark moved (in this tab or another). */
  deliverRead(seq: number): void {
    this.#send({ type: 'read', seq })
  }

  /** Tells the visitor that an agent is typing a reply, or stopped. */
  deliverTyping(active: boolean, name: string): void {
    this.#send({ type: 'typing', active, name })
  }

  /**
   * The site's settings changed: the client learns whether it still takes messages and whether the
   * launcher hides while nobody is online, if either changed.
   */
  siteChanged(site: SiteConfig): void {
    const { twoWayChat, hideLauncherWhenTeamOffline } = site.widget
    if (!this.#visitor || (twoWayChat === this.#twoWayChat && hideLauncherWhenTeamOffline === this.#hideLauncher)) return
    this.#twoWayChat = twoWayChat
    this.#hideLauncher = hideLauncherWhenTeamOffline
    this.#send({ type: 'site', twoWayChat, hideLauncherWhenTeamOffline })
  }

  /** Tells the visitor their presence as the server holds it. */
  deliverPresence(presence: Presence): void {
    this.#send({ type: 'presence', presence })
  }

  /** A frame encoded once for every visitor (the team's availability): only a welcomed socket gets it. */
  deliverToAll(encoded: string): void {
    if (this.#visitor) sendFrame(this.socket, encoded, this.#context.options.socketLimits.sendBufferBytes)
  }

  #send(frame: VisitorServerFrame, flushed?: () => void): boolean {
    return sendFrame(this.socket, frame, this.#context.options.socketLimits.sendBufferBytes, flushed)
  }

  #sendMessage(message: Message, flushed?: () => void): boolean {
    if (message.seq <= this.#lastSentSeq) {
      flushed?.()
      return true
    }
    this.#lastSentSeq = message.seq
    return this.#send({ type: 'message', message }, flushed)
  }

  #error(code: ErrorCode, message: string = errors[code].message, clientId?: string): void {
    this.#send({ type: 'error', code, message, ...(clientId !== undefined && { clientId }) })
  }

  #crashed(error: unknown): void {
    this.#context.log.error({ err: error, connection: this.id }, 'visitor socket failed; closing it')
    closeSocket(this.socket, errors.internal_error.close, 'internal_error')
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
      } else this.#error(parsed.code, parsed.message, parsed.clientId)
      return
    }
    this.#admit(parsed.frame)
  }

  /** Checks a frame against the handshake and the budgets, then queues it behind the ones before it. */
  #admit(frame: VisitorClientFrame): void {
    if (frame.type === 'hello') {
      if (this.#helloSeen) return this.#error('invalid_frame', 'This socket has already sent "hello".')
      this.#helloSeen = true
    } else if (!this.#helloSeen) {
      return closeSocket(this.socket, errors.handshake_required.close, 'handshake_required')
    } else if (frame.type === 'pong') {
      if (!this.#liveness.applicationPong()) return
    } else if (frame.type === 'message.send' || frame.type === 'identify') {
      // Until the welcome, the visitor is not known: the budget is checked when the frame runs.
    } else if (!this.#signalBucket.take()) {
      return this.#error('rate_limited')
    }
    if (this.#queued >= maxQueuedFrames) {
      return this.#error('rate_limited', errors.rate_limited.message, frame.type === 'message.send' ? frame.clientId : undefined)
    }
    // Frames take effect in the order they arrived (an identify before the message that follows it).
    this.#queued++
    this.#pending = this.#pending.then(() => this.#run(frame))
  }

  /** Handles one frame in its turn; the chain of frames never rejects, a failure ends the socket. */
  async #run(frame: VisitorClientFrame): Promise<void> {
    try {
      await this.#handle(frame)
    } catch (error) {
      this.#crashed(error)
    } finally {
      this.#queued--
    }
  }

  async #handle(frame: VisitorClientFrame): Promise<void> {
    if (frame.type === 'hello') return this.#hello(frame)
    const visitor = this.#visitor
    if (!visitor) return
    const { presence } = this.#context
    switch (frame.type) {
      case 'message.send': {
        if (!this.#context.admitMessage(visitor.visitorId)) return this.#error('rate_limited', errors.rate_limited.message, frame.clientId)
        // The site as it is now, not as it was at the welcome: a change applies to the next message.
        const site = (await this.#context.sites.find(visitor.site.id)) ?? visitor.site
        if (!site.widget.twoWayChat) return this.#error('two_way_chat_off', undefined, frame.clientId)
        // A message only waits to be queued for writing, not for its commit: the next one can join the
        // same commit, and the writer keeps the order.
        this.#lastPost = this.#postMessage(visitor, frame).catch((error: unknown) => this.#messageFailed(error, frame.clientId))
        return
      }
      case 'identify': {
        if (!this.#context.admitMessage(visitor.visitorId)) return this.#error('rate_limited')
        let switched: SwitchedVisitor | undefined
        try {
          switched = await this.#context.identities.identify({ id: visitor.visitorId, siteId: visitor.site.id }, frame)
        } catch (error) {
          if (error instanceof PorchlightError) return this.#error(error.code, error.message)
          throw error
        }
        if (switched) return this.#become(switched)
        if (frame.name !== undefined) visitor.name = frame.name
        return
      }
      case 'signals':
      case 'pong': {
        const { visible, focused, widgetOpen, idle } = frame
        return presence.signals(visitor.visitorId, this.id, { visible, focused, widgetOpen, idle })
      }
      case 'pagehide':
        this.#cause = 'page_closed'
        return presence.pagehide(visitor.visitorId)
      case 'freeze':
        return presence.frozen(visitor.visitorId, this.id)
      case 'typing':
        // Before their first message there is no conversation to type in; without two-way chat, nothing to type.
        if (this.#conversationId === undefined || !this.#twoWayChat) return
        return this.#context.live.visitorTyping(this, { id: this.#conversationId, visitorId: visitor.visitorId }, frame.active)
      case 'read':
        // Before their first message a visitor has no conversation, so nothing to have read.
        if (this.#conversationId === undefined) return
        await this.#context.receipts.read({ id: this.#conversationId, visitorId: visitor.visitorId }, { type: 'visitor' }, frame.seq)
        return
    }
  }

  async #hello(frame: HelloFrame): Promise<void> {
    clearTimeout(this.#handshakeTimer)
    this.#handshakeTimer = undefined
    const { store, sites, secret, options } = this.#context
    const result = await handshake(frame, {
      store,
      sites,
      secret,
      clock: options.clock,
      origin: this.origin,
      userAgent: this.#userAgent,
      admitNewVisitor: () => this.#context.admitNewVisitor(this.#address),
    })
    if (!result.ok) return closeSocket(this.socket, errors[result.refusal].close, result.refusal)
    const { site, visitor, token, conversation, browser } = result
    if (conversation && result.pageChanged) await this.#context.conversations.visitorMoved(conversation.id)
    const readSeq = conversation ? await store.receipts.visitorWatermark(conversation.id) : 0
    // The socket may have closed while the visitor was being read: it must not be registered then.
    if (this.socket.readyState !== this.socket.OPEN) return
    this.#welcome({ site, visitor, token, conversation, readSeq, browser }, frame.signals ?? assumedSignals, frame.lastSeq ?? 0)
  }

  /** Speaks for `visitor` from now on: registers, welcomes, joins their presence, replays what the client lacks. */
  #welcome(
    welcome: {
      site: SiteConfig
      visitor: StoredVisitor
      token: string
      conversation: { id: string; lastSeq: number } | undefined
      readSeq: number
      /** The page the tab is on and its browser. */
      browser: VisitorBrowser
    },
    signals: TabSignals,
    afterSeq: number,
  ): void {
    const { site, visitor, token, conversation, readSeq, browser } = welcome
    const { presence } = this.#context
    this.#visitor = { visitorId: visitor.id, site, name: visitor.name, browser }
    this.#conversationId = conversation?.id
    this.#twoWayChat = site.widget.twoWayChat
    this.#hideLauncher = site.widget.hideLauncherWhenTeamOffline
    this.#unregister = this.#context.register(this, site)
    this.#send({
      type: 'welcome',
      visitorId: visitor.id,
      token,
      conversationId: conversation?.id ?? null,
      lastSeq: conversation?.lastSeq ?? 0,
      idleAfter: site.presence.idleAfter,
      readSeq,
      emailKnown: visitor.email !== null,
      teamOnline: this.#context.team.online,
      hideLauncherWhenTeamOffline: this.#hideLauncher,
      twoWayChat: this.#twoWayChat,
    })
    // A change reaches every tab, this one included; otherwise this tab still learns where it stands.
    const changed = presence.connect(visitor.id, conversation?.id ?? null, this.id, signals, visitor.presence, site)
    const current = presence.current(visitor.id)
    if (!changed && current) this.deliverPresence(current)
    // Not awaited: the frames that follow (pongs above all) must not wait behind a long replay.
    this.#replaying = true
    this.#caughtUp = this.#catchUp(afterSeq).catch((error: unknown) => this.#crashed(error))
  }

  /**
   * A verified `identify` moved this browser to the user's record: the socket continues as that visitor,
   * with a new welcome (its token and conversation) and the conversation replayed from the start. What
   * this socket sent before is stored and acknowledged as the previous visitor first.
   */
  async #become({ visitor, token }: SwitchedVisitor): Promise<void> {
    await Promise.all([this.#lastPost, this.#caughtUp])
    const { presence, store, sites } = this.#context
    const previous = this.#visitor!
    const conversation = await store.conversations.findByVisitor(visitor.id)
    // This tab is now the user's latest: its page and browser are theirs.
    await store.visitors.connected(visitor.id, previous.browser, this.#context.options.clock())
    if (conversation && visitor.page !== previous.browser.page) await this.#context.conversations.visitorMoved(conversation.id)
    const readSeq = conversation ? await store.receipts.visitorWatermark(conversation.id) : 0
    const site = (await sites.find(previous.site.id)) ?? previous.site
    if (this.socket.readyState !== this.socket.OPEN) return
    const signals = presence.signalsOf(previous.visitorId, this.id) ?? assumedSignals
    this.#unregister?.()
    presence.disconnect(previous.visitorId, this.id, 'page_closed')
    this.#welcome({ site, visitor, token, conversation, readSeq, browser: previous.browser }, signals, 0)
  }

  /**
   * Replays what the client missed. Live messages that arrive meanwhile are not held in memory: they
   * are stored before they are published, so another pass over the store picks them up, in order.
   */
  async #catchUp(afterSeq: number): Promise<void> {
    this.#lastSentSeq = afterSeq
    do {
      this.#liveArrived = false
      const conversationId = this.#conversationId
      if (conversationId === undefined) continue
      await replay(
        {
          read: (after, limit) => this.#context.store.conversations.messagesAfter(conversationId, after, limit),
          send: (message, flushed) => this.#sendMessage(message, flushed),
        },
        this.#lastSentSeq,
      )
    } while (this.#liveArrived && this.socket.readyState === this.socket.OPEN)
    this.#replaying = false
  }

  async #postMessage(visitor: Welcomed, frame: SendMessageFrame): Promise<void> {
    const { message } = await this.#context.conversations.postFromVisitor({
      siteId: visitor.site.id,
      visitorId: visitor.visitorId,
      visitorName: visitor.name,
      text: frame.text,
      clientId: frame.clientId,
      connectionId: this.id,
      pageUrl: visitor.browser.page,
    })
    this.#conversationId ??= message.conversationId
    // The sender learns of its own message through the ack, not as a `message` frame.
    this.#send({
      type: 'message.ack',
      clientId: frame.clientId,
      id: message.id,
      conversationId: message.conversationId,
      seq: message.seq,
      createdAt: message.createdAt,
    })
  }

  #messageFailed(error: unknown, clientId: string): void {
    if (error instanceof PorchlightError) return this.#error(error.code, error.message, clientId)
    this.#crashed(error)
  }

  #closed(code: number, reason: string): void {
    clearTimeout(this.#handshakeTimer)
    this.#context.released(this.#address)
    this.#unregister?.()
    if (this.#visitor) this.#context.presence.disconnect(this.#visitor.visitorId, this.id, this.#cause ?? causeOfClose(code, reason))
  }
}
