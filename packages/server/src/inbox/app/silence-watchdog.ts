/**
 * How many heartbeat intervals without a frame make a socket dead. The server sends a `ping` every
 * interval, but a round may come up to an interval late (it starts with the socket's slice of the
 * heartbeat, and a busy server or a slow network delays it), so two intervals of silence can happen on
 * a healthy socket; two and a half cannot.
 */
export const silentIntervals = 2.5

/** Watches one socket for silence; see {@link watchSilence}. */
export interface SilenceWatchdog {
  /** A frame arrived (or the socket opened): the silence starts again. */
  heard(): void
  /** The server told its heartbeat interval (ms): silence is judged by it from now on. */
  heartbeat(interval: number): void
  /** The socket is gone: nothing more is judged. */
  stop(): void
}

/**
 * Calls `onSilent` once when nothing has been heard for {@link silentIntervals} heartbeat intervals: the
 * socket died without closing (a NAT that forgot it, a laptop that slept), which a page cannot see
 * otherwise. Until an interval is known (`heartbeatInterval` undefined and no {@link SilenceWatchdog.heartbeat}
 * yet), nothing is judged.
 *
 * Hearing a frame only notes the time; the one timer checks that time when it fires and waits for the
 * rest if something was heard meanwhile. So a timer that fires late (a background tab's throttled
 * timers) never judges a socket that carried frames silent, and thousands of frames cost no timers.
 *
 * @example
 * ```ts
 * const watchdog = watchSilence(lastInterval, () => socket.close())
 * socket.onmessage = () => watchdog.heard()
 * ```
 */
export function watchSilence(heartbeatInterval: number | undefined, onSilent: () => void): SilenceWatchdog {
  let limit = heartbeatInterval === undefined ? undefined : heartbeatInterval * silentIntervals
  let lastHeard = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const check = () => {
    timer = undefined
    if (stopped || limit === undefined) return
    const quiet = Date.now() - lastHeard
    if (quiet < limit) {
      timer = setTimeout(check, limit - quiet)
      return
    }
    stopped = true
    onSilent()
  }
  const rearm = () => {
    clearTimeout(timer)
    timer = undefined
    check()
  }
  rearm()

  return {
    heard() {
      lastHeard = Date.now()
    },
    heartbeat(interval) {
      limit = interval * silentIntervals
      rearm()
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      timer = undefined
    },
  }
}
