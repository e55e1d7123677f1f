import { isPendingMessage, type PendingMessage } from './pending-message.js'
import { readJson, writeJson } from './storage.js'

/** The visitor's unacknowledged messages, kept in localStorage so that a reload does not lose them. */
export interface Outbox {
  /** This page's pending messages, oldest first. */
  readonly items: readonly PendingMessage[]
  /** Adds a message; `false` when one with the same client id is already there. */
  add(item: PendingMessage): boolean
  /** Removes and returns the message with this client id, if this page holds it. */
  remove(clientId: string): PendingMessage | undefined
}

function stored(key: string): PendingMessage[] {
  const value = readJson(key)
  return Array.isArray(value) ? value.filter(isPendingMessage) : []
}

/**
 * Opens the outbox stored under `key`, with whatever an earlier page load left there. Several tabs of
 * one site share the key: every change re-reads the stored list and edits it instead of overwriting it
 * with this page's copy, so that one tab does not drop another's pending messages.
 */
export function createOutbox(key: string): Outbox {
  let items = stored(key)
  const update = (edit: (list: PendingMessage[]) => PendingMessage[]) => writeJson(key, edit(stored(key)))
  const without = (clientId: string) => (list: PendingMessage[]) => list.filter((item) => item.clientId !== clientId)
  return {
    get items() {
      return items
    },
    add(item) {
      if (items.some((existing) => existing.clientId === item.clientId)) return false
      items = [...items, item]
      update((list) => [...without(item.clientId)(list), item])
      return true
    },
    remove(clientId) {
      const item = items.find((existing) => existing.clientId === clientId)
      items = without(clientId)(items)
      update(without(clientId))
      return item
    },
  }
}
