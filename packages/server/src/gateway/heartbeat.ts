/** A connection the heartbeat checks each round. */
export interface Beating {
  /** One round: give up on the connection if it missed the last round, else ping it again. */
  beat(): void
}

/**
 * The server-driven heartbeat: one timer for every connection of a gateway, never one per connection.
 * Each round calls `beat` on every member. Returns the function that stops it.
 *
 * @example
 * ```ts
 * const stop = startHeartbeat(10_000, () => connections)
 * ```
 */
export function startHeartbeat(interval: number, members: () => Iterable<Beating>): () => void {
  const timer = setInterval(() => {
    for (const member of members()) member.beat()
  }, interval)
  timer.unref()
  return () => clearInterval(timer)
}
