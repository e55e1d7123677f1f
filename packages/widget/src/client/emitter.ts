/** A map from event name to listener signature. */
export type EventMap<Events> = { [Name in keyof Events]: (...args: never[]) => void }

/** Adds a listener; the returned function removes it again. */
export type Subscribe<Events extends EventMap<Events>> = <Name extends keyof Events>(event: Name, listener: Events[Name]) => () => void

/** A tiny typed event emitter. */
export interface Emitter<Events extends EventMap<Events>> {
  on: Subscribe<Events>
  emit<Name extends keyof Events>(event: Name, ...args: Parameters<Events[Name]>): void
}

/**
 * Creates an emitter. A listener that throws does not keep the others from running: its error is
 * rethrown asynchronously, so that it still reaches the console and `window.onerror`.
 */
export function createEmitter<Events extends EventMap<Events>>(): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<(...args: never[]) => void>>()
  return {
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    },
    emit(event, ...args) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          ;(listener as (...args: Parameters<Events[typeof event]>) => void)(...args)
        } catch (error) {
          setTimeout(() => {
            throw error
          })
        }
      }
    },
  }
}
