import { useEffect, useState } from 'preact/hooks'

/** The current time, renewed every `interval` ms: "5 min ago" moves on without new data. */
export function useNow(interval = 30_000): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), interval)
    return () => clearInterval(timer)
  }, [interval])
  return now
}
