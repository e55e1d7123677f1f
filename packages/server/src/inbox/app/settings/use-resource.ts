import { useCallback, useEffect, useState } from 'preact/hooks'
import { errorText } from './error-text.js'

/** Data a page loads from the API; see {@link useResource}. */
export interface Resource<T> {
  /** Undefined until the first answer. */
  data: T | undefined
  error: string | null
  reload: () => void
  /** Applies a change the page made or heard of (a created row, a presence frame) without reloading. */
  update: (change: (data: T) => T) => void
}

/**
 * Loads `load()` now and again whenever `keys` change (or on `reload()`); an answer that arrives after
 * a newer load started is dropped.
 *
 * @example
 * ```ts
 * const sites = useResource(() => api<SiteList>('/api/sites'), [])
 * ```
 */
export function useResource<T>(load: () => Promise<T>, keys: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: string | null }>({ data: undefined, error: null })
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let current = true
    setState((now) => ({ data: now.data, error: null }))
    load().then(
      (data) => current && setState({ data, error: null }),
      (error: unknown) => current && setState((now) => ({ data: now.data, error: errorText(error) })),
    )
    return () => {
      current = false
    }
    // The caller names what the load depends on, as with useEffect itself.
  }, [...keys, attempt])
  const reload = useCallback(() => setAttempt((count) => count + 1), [])
  const update = useCallback(
    (change: (data: T) => T) => setState((now) => (now.data === undefined ? now : { ...now, data: change(now.data) })),
    [],
  )
  return { ...state, reload, update }
}
