import { createRef, render } from 'preact'
import { createClient, type Client, type ClientEvents, type ClientOptions } from './client/client.js'
import { createEmitter, type Subscribe } from './client/emitter.js'
import type { Identity } from './client/identity.js'
import { listen } from './client/listen.js'
import { readJson, writeJson } from './client/storage.js'
import { createReadTracker } from './ui/read-tracker.js'
import { styles } from './ui/styles.js'
import { WidgetView } from './ui/WidgetView.js'

/** How long messages must stay on screen in the open panel of a visible tab to count as read (ms). */
const readDwell = 700

/** Options of {@link createWidget}. */
export interface WidgetOptions extends ClientOptions {
  /**
   * The element whose (open) shadow root the widget renders into. Default: `<div id="porchlight">`,
   * created and appended to `<body>` when the page has none.
   */
  container?: HTMLElement
}

/**
 * The events of a {@link Widget}: the client's (`ready`, `message`, `change`, `status`, `error`,
 * `presence`), plus the panel opening and closing.
 */
export interface WidgetEvents extends ClientEvents {
  open: () => void
  close: () => void
}

/** A widget on the page. Its methods do not depend on `this`: they can be passed around on their own. */
export interface Widget {
  /** Opens the chat panel and focuses the message box. */
  open(this: void): void
  /** Closes the chat panel. */
  close(this: void): void
  /** Tells the server who the visitor is; see {@link Client.identify}. */
  identify(this: void, identity: Identity): void
  /** Subscribes to an event; the returned function unsubscribes. */
  on: Subscribe<WidgetEvents>
  /** Removes the widget from the page and closes its socket. */
  shutdown(this: void): void
  /** The headless client underneath, for its messages and status. */
  readonly client: Client
}

/**
 * Puts the chat widget on the page: a launcher button and a chat panel in an open shadow root, connected
 * to a Porchlight server.
 *
 * @example
 * ```ts
 * import { createWidget } from '@porchlight/widget'
 *
 * const widget = createWidget({
 *   server: 'https://chat.example.com',
 *   site: 'default',
 *   user: { userId: 'u_42', email: 'ada@example.com', name: 'Ada', userHash: '<hex HMAC from your server>' },
 * })
 * widget.on('message', (message) => console.log(message.text))
 * widget.open()
 * ```
 */
export function createWidget(options: WidgetOptions): Widget {
  const client = createClient(options)
  const panelEvents = createEmitter<Pick<WidgetEvents, 'open' | 'close'>>()
  const launcherRef = createRef<HTMLButtonElement>()
  const inputRef = createRef<HTMLTextAreaElement>()
  const listRef = createRef<HTMLDivElement>()
  let isOpen = false
  let notice: string | null = null
  let stopped = false
  let shown = 0
  let paintQueued = false
  let host: HTMLElement | undefined
  let createdHost = false
  let mountPoint: HTMLElement | undefined
  let style: HTMLStyleElement | undefined
  // The email field: asked once, until the visitor gives an address or skips (remembered per site).
  const skipKey = `porchlight:email-skipped:${options.site ?? 'default'}@${options.server}`
  let emailSkipped = readJson(skipKey) === true
  let emailError: string | null = null
  let emailDraft = ''
  let welcomed = false
  const reads = createReadTracker(readDwell, client.markRead)
  let observer: IntersectionObserver | undefined
  const track = () => reads.setActive(isOpen && document.visibilityState === 'visible')
  const stopVisibility = listen(document, ['visibilitychange'], track)

  const paint = () => {
    if (!mountPoint) return
    render(
      <WidgetView
        open={isOpen}
        messages={client.messages}
        pending={client.pending}
        status={client.status}
        notice={notice}
        unread={client.unread}
        typing={client.typing}
        twoWayChat={client.twoWayChat}
        onTyping={client.setTyping}
        email={
          welcomed && !client.emailKnown && !emailSkipped && client.messages.length + client.pending.length > 0
            ? {
                error: emailError,
                value: emailDraft,
                onSave(email) {
                  emailDraft = email
                  emailError = null
                  client.identify({ email })
                  paint()
                },
                onSkip() {
                  writeJson(skipKey, (emailSkipped = true))
                  paint()
                },
              }
            : null
        }
        launcherRef={launcherRef}
        inputRef={inputRef}
        listRef={listRef}
        onOpen={open}
        onClose={close}
        onSend={(text) => {
          notice = null
          client.send(text)
        }}
      />,
      mountPoint,
    )
    const count = client.messages.length + client.pending.length
    const list = listRef.current
    if (count !== shown && list) list.scrollTop = list.scrollHeight
    shown = count
    if (!list || typeof IntersectionObserver === 'undefined') return
    observer ??= new IntersectionObserver(
      (entries) => entries.forEach((entry) => reads.seen(Number((entry.target as HTMLElement).dataset.seq), entry.isIntersecting)),
      { root: list },
    )
    // Observing an element twice is a no-op: the new messages are the ones that start being watched.
    list.querySelectorAll('[data-seq]').forEach((item) => observer!.observe(item))
  }

  // A replay delivers many messages in a row: render once for all of them.
  const schedulePaint = () => {
    if (paintQueued) return
    paintQueued = true
    queueMicrotask(() => {
      paintQueued = false
      if (!stopped) paint()
    })
  }

  const open = () => {
    if (stopped) return
    const changed = !isOpen
    isOpen = true
    client.setWidgetOpen(true)
    paint()
    // At the newest message, not the oldest: a hidden list has no height to scroll by until now.
    if (changed && listRef.current) listRef.current.scrollTop = listRef.current.scrollHeight
    track()
    inputRef.current?.focus()
    if (changed) panelEvents.emit('open')
  }

  const close = () => {
    if (stopped || !isOpen) return
    // Focus inside the panel would be lost when it hides: hand it to the launcher. Focus elsewhere on
    // the page (the host called close()) stays where it is.
    const focusInside = host?.shadowRoot?.activeElement
    isOpen = false
    client.setWidgetOpen(false)
    paint()
    track()
    if (focusInside) launcherRef.current?.focus()
    panelEvents.emit('close')
  }

  // An async script in <head> can run before <body> exists: the client connects at once, the UI
  // waits for the document.
  const mount = () => {
    if (stopped) return
    host = options.container ?? document.getElementById('porchlight') ?? undefined
    if (!host) {
      host = document.createElement('div')
      host.id = 'porchlight'
      document.body.append(host)
      createdHost = true
    }
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
    style = document.createElement('style')
    style.textContent = styles
    // Preact renders into its own element: rendering into the shadow root would diff away the <style>.
    mountPoint = document.createElement('div')
    shadow.append(style, mountPoint)
    paint()
  }
  if (document.body) mount()
  else document.addEventListener('DOMContentLoaded', mount, { once: true })

  client.on('change', schedulePaint)
  client.on('status', schedulePaint)
  client.on('typing', schedulePaint)
  client.on('ready', () => {
    welcomed = true
  })
  client.on('error', (error) => {
    if (error.clientId !== undefined && error.code !== 'rate_limited') {
      notice = 'A message could not be sent.'
      schedulePaint()
    } else if (error.code === 'invalid_email') {
      // Shown by the repaint that follows every frame.
      emailError = error.message
    }
  })
  // Opened from a follow-up email: show the conversation, or say why the link did not work (opened
  // before the document has a body, the panel is painted open once mounted).
  client.on('resume', open)
  client.on('error', (error) => {
    if (!error.code.startsWith('resume_token_')) return
    notice = error.message
    open()
  })

  return {
    open,
    close,
    identify: client.identify,
    on: ((event: keyof WidgetEvents, listener: never) =>
      event === 'open' || event === 'close' ? panelEvents.on(event, listener) : client.on(event, listener)) as Subscribe<WidgetEvents>,
    shutdown() {
      if (stopped) return
      stopped = true
      document.removeEventListener('DOMContentLoaded', mount)
      stopVisibility()
      reads.stop()
      observer?.disconnect()
      client.shutdown()
      if (mountPoint) render(null, mountPoint)
      mountPoint?.remove()
      style?.remove()
      if (createdHost) host?.remove()
    },
    client,
  }
}
