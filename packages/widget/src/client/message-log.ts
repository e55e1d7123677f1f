import type { Message } from '@porchlight/protocol'

/** The stored messages of the visitor's conversation, each once, in `seq` order. */
export interface MessageLog {
  /** The messages, oldest first; a new array after every change. */
  readonly list: readonly Message[]
  /**
   * The highest `seq` up to which the log has every message (1, 2, ... without a gap). Asking the
   * server to replay from there fills any gap, where the highest `seq` held would skip it.
   */
  readonly lastSeq: number
  /** Adds a message; `false` when it is already there (same `id` or `seq`). */
  add(message: Message): boolean
  /** Forgets every message, for when the visitor or the conversation changes. */
  clear(): void
}

/** Creates an empty message log. */
export function createMessageLog(): MessageLog {
  let list: readonly Message[] = []
  return {
    get list() {
      return list
    },
    get lastSeq() {
      let seq = 0
      for (const message of list) {
        if (message.seq !== seq + 1) break
        seq = message.seq
      }
      return seq
    },
    add(message) {
      if (list.some((held) => held.id === message.id || held.seq === message.seq)) return false
      // Messages almost always arrive in order: search for the place from the end.
      let index = list.length
      while (index > 0 && list[index - 1]!.seq > message.seq) index--
      list = [...list.slice(0, index), message, ...list.slice(index)]
      return true
    },
    clear() {
      list = []
    },
  }
}
