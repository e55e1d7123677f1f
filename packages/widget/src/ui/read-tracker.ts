/** Decides when messages on screen count as read; see {@link createReadTracker}. */
export interface ReadTracker {
  /** Message `seq` is on screen (`true`) or no longer (`false`), as an IntersectionObserver reports. */
  seen(seq: number, onScreen: boolean): void
  /** Whether the visitor can see the panel at all: it is open, in a visible tab. */
  setActive(active: boolean): void
  /** Cancels a pending report. */
  stop(): void
}

/**
 * Reports the highest message on screen once what is on screen has stayed put for `dwell` ms while the
 * panel is visible: a message scrolled past or shown in a tab that went to the background is not read.
 * Every change starts the wait again, so a burst of changes (scrolling, a replay) ends in one report.
 *
 * @example
 * ```ts
 * const tracker = createReadTracker(700, client.markRead)
 * tracker.setActive(true)
 * tracker.seen(3, true) // 700 ms later: client.markRead(3)
 * ```
 */
export function createReadTracker(dwell: number, onRead: (seq: number) => void): ReadTracker {
  const onScreen = new Set<number>()
  let active = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const wait = () => {
    clearTimeout(timer)
    if (active && onScreen.size > 0) timer = setTimeout(() => onRead(Math.max(...onScreen)), dwell)
  }
  return {
    seen(seq, shown) {
      if (shown === onScreen.has(seq)) return
      if (shown) onScreen.add(seq)
      else onScreen.delete(seq)
      wait()
    },
    setActive(next) {
      if (next === active) return
      active = next
      wait()
    },
    stop() {
      clearTimeout(timer)
    },
  }
}
