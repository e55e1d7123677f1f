/**
 * Adds `listener` to `target` for each of `types`; the returned function removes exactly those, with
 * the same options (a listener added in the capture phase is only removed with `capture` too).
 */
export function listen(
  target: EventTarget,
  types: string[],
  listener: (event: Event) => void,
  options?: AddEventListenerOptions,
): () => void {
  for (const type of types) target.addEventListener(type, listener, options)
  return () => {
    for (const type of types) target.removeEventListener(type, listener, options)
  }
}
