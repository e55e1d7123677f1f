import { listen } from './listen.js'

/** The input that shows a person at the page. */
const inputEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll', 'touchstart']

// Capture, on window: sees input anywhere on the page, `scroll` of any element (it does not bubble) and
// events the page stops. Passive: the browser need not wait for us before scrolling.
const listening: AddEventListenerOptions = { capture: true, passive: true }

/** Whether a person has stopped using the page: no input for a threshold. */
export interface IdleTracker {
  /** No input for the threshold since {@link start}. */
  readonly idle: boolean
  /** Tracks from now on: not idle, and idle after `idleAfter` ms without input. */
  start(idleAfter: number): void
  /** Stops tracking (removes its listeners and timer); `idle` is false after it. */
  stop(): void
}

/**
 * Creates a tracker, stopped. `onChange` runs when the tracker turns idle, and at once on the first input
 * after that, but not on `start` or `stop`: their caller knows.
 *
 * An input only records its time: a page fires `pointermove` dozens of times a second, and re-arming a
 * timer for each would cost more than the rest of the widget. The one timer, when it fires, looks at
 * the time of the last input and sleeps again for whatever is left of the threshold.
 */
export function createIdleTracker(onChange: (idle: boolean) => void): IdleTracker {
  let idle = false
  let idleAfter = 0
  let lastInput = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let unlisten = () => {}

  const check = () => {
    const quiet = performance.now() - lastInput
    if (quiet < idleAfter) {
      timer = setTimeout(check, idleAfter - quiet)
    } else {
      idle = true
      onChange(true)
    }
  }

  const onInput = () => {
    lastInput = performance.now()
    if (idle) {
      idle = false
      timer = setTimeout(check, idleAfter)
      onChange(false)
    }
  }

  const stop = () => {
    clearTimeout(timer)
    idle = false
    unlisten()
  }

  return {
    get idle() {
      return idle
    },
    start(threshold) {
      stop()
      idleAfter = threshold
      lastInput = performance.now()
      timer = setTimeout(check, threshold)
      unlisten = listen(window, inputEvents, onInput, listening)
    },
    stop,
  }
}
