import { limits } from '@porchlight/protocol'

/** The cap of the first backed-off attempt is `baseDelay * 2`. */
const baseDelay = 500

/**
 * How long to wait before reconnection attempt `attempt` (0, 1, 2, ... since the last welcome): the
 * first attempt at once, then full jitter, `random(0, min(30 s, 0.5 s * 2^attempt))`. Full jitter
 * spreads the reconnections of many visitors after a server restart instead of synchronising them.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  return attempt > 0 ? random() * Math.min(limits.reconnectDelay, baseDelay * 2 ** attempt) : 0
}
