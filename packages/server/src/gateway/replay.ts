import type { Message } from '@porchlight/protocol'

/** How many messages one read of a replay fetches. */
const replayPage = 50

/** What a replay needs: where messages come from and how they go out. */
export interface ReplaySource {
  /** Messages numbered above `afterSeq`, oldest first, at most `limit`. */
  read(afterSeq: number, limit: number): Promise<Message[]>
  /**
   * Sends one message; `flushed` is called once the socket has handed it to the operating system (or
   * failed). Returns false when the socket is gone.
   */
  send(message: Message, flushed?: () => void): boolean
}

/**
 * Sends every message numbered above `afterSeq`, in order, a page at a time, and reads the next page only
 * once the last one has left the process: a client that asks for a long history and then does not read
 * holds one page in the server's memory, not the whole history. Resolves with the last number sent.
 *
 * @example
 * ```ts
 * const lastSeq = await replay({ read: (after, limit) => store.conversations.messagesAfter(id, after, limit), send }, 0)
 * ```
 */
export async function replay(source: ReplaySource, afterSeq: number): Promise<number> {
  let lastSeq = afterSeq
  for (;;) {
    const page = await source.read(lastSeq, replayPage)
    if (page.length === 0) return lastSeq
    let flushed: Promise<void> | undefined
    for (const [index, message] of page.entries()) {
      const last = index === page.length - 1
      let sent: boolean
      if (last) {
        let done!: () => void
        flushed = new Promise((resolve) => (done = resolve))
        sent = source.send(message, done)
      } else sent = source.send(message)
      if (!sent) return lastSeq
      lastSeq = message.seq
    }
    await flushed
    if (page.length < replayPage) return lastSeq
  }
}
