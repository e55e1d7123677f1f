/**
 * Drives the page the way a browser does when a person switches tabs, leaves or comes back: jsdom
 * always says `visible`, so the tests shadow `document.visibilityState` and fire the events by hand.
 * `target` is the window the code under test listens on (the test's own, or the page's for widget.js).
 */

/** A window with its constructors (`Event`, `WebSocket`, ...): the test's own or the page's. */
type Win = Window & typeof globalThis

/** Sets `document.visibilityState` (and `hidden`) and fires `visibilitychange` on the document. */
export function setVisibility(state: 'visible' | 'hidden', target: Win = window): void {
  const { document } = target
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true })
  document.dispatchEvent(new target.Event('visibilitychange'))
}

/** Removes the shadowing properties: jsdom's own `visible` comes back. */
export function resetVisibility(target: Win = window): void {
  delete (target.document as { visibilityState?: unknown }).visibilityState
  delete (target.document as { hidden?: unknown }).hidden
}

/** Fires `pagehide` or `pageshow` on the window, as navigation and the back/forward cache do. */
export function pageTransition(type: 'pagehide' | 'pageshow', persisted: boolean, target: Win = window): void {
  target.dispatchEvent(new target.PageTransitionEvent(type, { persisted }))
}

/**
 * A `navigator.sendBeacon` (jsdom has none) that records its calls and POSTs the body as a browser
 * would (a string body goes as text/plain), so that the server checks URL and body: `statuses` are
 * its answers, in the order they came. `undo` removes it.
 */
export function fakeSendBeacon(target: Win = window) {
  const calls: { url: string; body: string }[] = []
  const statuses: number[] = []
  Object.defineProperty(target.navigator, 'sendBeacon', {
    configurable: true,
    value: (url: string, body: string) => {
      calls.push({ url, body })
      fetch(url, { method: 'POST', body }).then(
        (response) => statuses.push(response.status),
        () => statuses.push(0),
      )
      return true
    },
  })
  return { calls, statuses, undo: () => delete (target.navigator as { sendBeacon?: unknown }).sendBeacon }
}

type Listener = [target: EventTarget, type: string, listener: unknown, capture: boolean]
const capture = (options?: boolean | EventListenerOptions) => (typeof options === 'boolean' ? options : !!options?.capture)

/**
 * Records every listener added to and removed from the window and the document (the page's own, when
 * given its window). `left()` lists those still registered. jsdom puts `addEventListener` on the window
 * itself, so the recorder wraps the two objects' methods, not `EventTarget.prototype`.
 */
export function recordListeners(target: Win = window) {
  const added: Listener[] = []
  const removed: Listener[] = []
  const restores: (() => void)[] = []
  for (const on of [target, target.document] as EventTarget[]) {
    const own = Object.getOwnPropertyDescriptors(on)
    const addEventListener = on.addEventListener.bind(on)
    const removeEventListener = on.removeEventListener.bind(on)
    on.addEventListener = (type: string, listener: unknown, options?: boolean | AddEventListenerOptions) => {
      added.push([on, type, listener, capture(options)])
      addEventListener(type, listener as EventListener, options)
    }
    on.removeEventListener = (type: string, listener: unknown, options?: boolean | EventListenerOptions) => {
      removed.push([on, type, listener, capture(options)])
      removeEventListener(type, listener as EventListener, options)
    }
    restores.push(() => {
      for (const name of ['addEventListener', 'removeEventListener'] as const) {
        const descriptor = own[name]
        if (descriptor) Object.defineProperty(on, name, descriptor)
        else delete (on as Partial<EventTarget>)[name]
      }
    })
  }
  const same = (a: Listener, b: Listener) => a.every((value, i) => value === b[i])
  return {
    /** The event types listened to, in order. */
    types: () => added.map(([, type]) => type),
    /** Listeners added and not removed since, as `[target name, type]`. */
    left: () =>
      added
        .filter((entry) => !removed.some((gone) => same(entry, gone)))
        .map(([on, type]) => [on === target ? 'window' : 'document', type]),
    restore: () => restores.forEach((restore) => restore()),
  }
}

/**
 * jsdom's WebSocket sends on the next tick but closes at once, so a frame sent just before `close()`
 * is lost; a browser sends what is queued before the close frame. This makes jsdom's `close` wait for
 * the sends queued before it (they are on an earlier tick), as a browser's does. Returns the undo.
 */
export function sendBeforeClose(target: Win = window): () => void {
  const proto = target.WebSocket.prototype
  // eslint-disable-next-line @typescript-eslint/unbound-method -- applied to each socket, as `this`
  const { close } = proto
  proto.close = function (this: WebSocket, ...args: Parameters<WebSocket['close']>) {
    process.nextTick(() => close.apply(this, args))
  }
  return () => {
    proto.close = close
  }
}
