import { limits } from '@porchlight/protocol'

/**
 * How long to wait before reconnection attempt `attempt` (0 right after a loss): at once, then full
 * jitter, `random(0, min(30 s, 0.5 s * 2^attempt))`, as the widget does, so that the inboxes of a whole
 * team do not all come back in the same instant after a server restart.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  return attempt > 0 ? random() * Math.min(limits.reconnectDelay, 250 * 2 ** (attempt + 1)) : 0
}
