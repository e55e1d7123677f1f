/**
 * Reads a JSON value from localStorage. Storage can be unavailable (blocked third-party storage,
 * sandboxed iframes, some private modes) or hold garbage: both read as `undefined`, and callers check the
 * shape of what they get.
 */
export function readJson(key: string): unknown {
  try {
    const raw = localStorage.getItem(key)
    return raw === null ? undefined : JSON.parse(raw)
  } catch {
    return undefined
  }
}

/** Writes a JSON value to localStorage, or removes the key for `undefined`; never throws. */
export function writeJson(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(key)
    else localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Without storage (or with a full one) the widget still works for the life of the page.
  }
}
