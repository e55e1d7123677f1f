/** How often at most the inbox tells the server that its agent is at work. */
export const activityInterval = 60_000

/**
 * Reports the agent's activity for their presence: at most once a minute while they use the inbox
 * (pointer, keys, scrolling), and at once when the window gets focus or the tab becomes visible again.
 * Returns the function that stops listening.
 */
export function trackActivity(report: () => boolean, now: () => number = Date.now): () => void {
  let last = -Infinity
  const used = () => {
    if (now() - last >= activityInterval && report()) last = now()
  }
  const back = () => {
    if (document.visibilityState === 'visible' && report()) last = now()
  }
  const inputs = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const
  for (const type of inputs) window.addEventListener(type, used, { passive: true, capture: true })
  window.addEventListener('focus', back)
  document.addEventListener('visibilitychange', back)
  return () => {
    for (const type of inputs) window.removeEventListener(type, used, { capture: true })
    window.removeEventListener('focus', back)
    document.removeEventListener('visibilitychange', back)
  }
}
