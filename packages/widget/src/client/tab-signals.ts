import type { TabSignals } from '@porchlight/protocol'
import { createIdleTracker } from './idle-tracker.js'
import { listen } from './listen.js'

/** Watches what this tab tells the server about itself: visibility, focus, the panel, idleness. */
export interface TabSignalsWatcher {
  /** The tab's signals now: a new object after every change, never mutated. */
  readonly current: TabSignals
  /** Whether the chat panel is open: only the UI knows. */
  setWidgetOpen(open: boolean): void
  /**
   * The site's idle threshold in ms (from the server's welcome): idle tracking starts with the first,
   * and counts again from now when it changes.
   */
  setIdleAfter(idleAfter: number): void
  /** Removes every listener and timer. */
  stop(): void
}

const keys = ['visible', 'focused', 'widgetOpen', 'idle'] as const

/** Whether two sets of signals say the same. */
export const sameSignals = (a: TabSignals, b: TabSignals): boolean => keys.every((key) => a[key] === b[key])

const isVisible = () => document.visibilityState === 'visible'

/**
 * Starts watching the tab. `onChange` gets the full signals whenever one of them actually changed.
 * Only a visible tab is tracked for idleness: a hidden tab is away anyway, and the browser throttles its
 * timers. Becoming visible counts as input: a person just brought the tab back.
 */
export function watchTabSignals(onChange: (signals: TabSignals) => void): TabSignalsWatcher {
  let idleAfter = 0
  let current: TabSignals = { visible: isVisible(), focused: document.hasFocus(), widgetOpen: false, idle: false }

  const update = (changes: Partial<TabSignals>) => {
    const next = { ...current, ...changes }
    if (sameSignals(next, current)) return
    current = next
    onChange(next)
  }

  const tracker = createIdleTracker((idle) => update({ idle }))

  const track = () => {
    tracker.stop()
    update({ visible: isVisible(), idle: false })
    if (current.visible && idleAfter > 0) tracker.start(idleAfter)
  }

  const unlisten = [
    listen(document, ['visibilitychange'], () => isVisible() !== current.visible && track()),
    // The window's own focus and blur: those of elements inside do not bubble up to this listener.
    listen(window, ['focus', 'blur'], (event) => update({ focused: event.type === 'focus' })),
  ]

  return {
    get current() {
      return current
    },
    setWidgetOpen(widgetOpen) {
      update({ widgetOpen })
    },
    setIdleAfter(next) {
      if (next === idleAfter) return
      idleAfter = next
      track()
    },
    stop() {
      tracker.stop()
      for (const off of unlisten) off()
    },
  }
}
