import { listen } from './listen.js'

/** What the client does when the page's life changes. */
export interface PageLifecycleHandlers {
  /**
   * `pagehide`: the page is being unloaded, or entering the back/forward cache (`persisted`). Nothing
   * wakes the client after it until `pageshow`.
   */
  hide(persisted: boolean): void
  /**
   * The page is (again) in use and its socket may be gone: `pageshow`, `resume`, `online`, or the tab
   * becoming visible. Reconnect at once if there is no socket, instead of waiting out the back-off.
   */
  wake(): void
  /** Page Lifecycle `freeze`: the page's JavaScript is about to stop. */
  freeze(): void
}

/**
 * Listens to the page's lifecycle until the returned function is called.
 *
 * Never `unload` or `beforeunload`: either keeps the page out of the back/forward cache, and Chrome is
 * removing `unload`. `pagehide` covers both a real unload and entering the cache. A restored page fires
 * `resume` before `pageshow`, and the socket it had is dead (error, 1006) by then: the client closed it
 * on `pagehide`, and reconnects on `pageshow`.
 */
export function watchPageLifecycle(handlers: PageLifecycleHandlers): () => void {
  let hidden = false

  const wake = () => {
    if (!hidden) handlers.wake()
  }
  const unlisten = [
    listen(window, ['pagehide'], (event) => {
      hidden = true
      handlers.hide((event as PageTransitionEvent).persisted)
    }),
    listen(window, ['pageshow'], () => {
      hidden = false
      handlers.wake()
    }),
    listen(window, ['online'], wake),
    listen(document, ['resume'], wake),
    listen(document, ['visibilitychange'], () => document.visibilityState === 'visible' && wake()),
    listen(document, ['freeze'], () => handlers.freeze()),
  ]
  return () => {
    for (const off of unlisten) off()
  }
}
