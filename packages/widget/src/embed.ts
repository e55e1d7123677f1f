/**
 * The script-tag entry, built to `dist/widget.js`:
 *
 * ```html
 * <script>
 *   window.Porchlight = window.Porchlight || function () { (Porchlight.q = Porchlight.q || []).push(arguments) }
 *   Porchlight('identify', { email: 'ada@example.com' })
 * </script>
 * <script async src="https://chat.example.com/widget.js" data-site="default"></script>
 * ```
 *
 * The server is the script's own origin. Calls queued by the stub before the script loaded are replayed
 * in order; then `window.Porchlight(command, ...args)` runs commands at once.
 */
import { createWidget, type Widget } from './create-widget.js'

/** `window.Porchlight` once this script has run. */
interface Dispatcher {
  (command?: unknown, ...args: unknown[]): unknown
  /** Marks the real dispatcher, so that a second copy of the script does not start a second widget. */
  loaded: true
}

/** `window.Porchlight` as the page's queue stub leaves it: `q` holds the `arguments` of every call. */
interface QueueStub {
  (...args: unknown[]): void
  q?: ArrayLike<unknown>[]
  loaded?: undefined
}

declare global {
  interface Window {
    Porchlight?: QueueStub | Dispatcher
  }
}

const warn = (...args: unknown[]) => console.warn('Porchlight:', ...args)

function start(): void {
  const stub = window.Porchlight
  if (stub?.loaded) return warn('widget.js is on the page twice; the second copy does nothing.')
  // currentScript is null when the code runs from a callback or a module, and has no src when inlined.
  const current = document.currentScript as HTMLScriptElement | null
  const script = current?.src ? current : document.querySelector<HTMLScriptElement>('script[src$="/widget.js"]')
  if (!script) return warn('cannot find the widget.js script tag, so not the server either.')

  const widget: Widget = createWidget({ server: new URL(script.src).origin, site: script.dataset.site || 'default' })
  let stopped = false
  const commands = new Map<string, (...args: never[]) => unknown>([
    ['identify', widget.identify],
    ['open', widget.open],
    ['close', widget.close],
    ['on', widget.on],
    [
      'shutdown',
      () => {
        stopped = true
        widget.shutdown()
      },
    ],
  ])

  const dispatch = (command?: unknown, ...args: unknown[]): unknown => {
    const run = commands.get(command as string)
    if (!run) return warn(`unknown command "${String(command)}".`)
    if (stopped) return command === 'shutdown' ? undefined : warn(`"${String(command)}" after shutdown does nothing.`)
    try {
      return run(...(args as never[]))
    } catch (error) {
      warn(error)
    }
  }
  // Installed before the replay, so that a queued callback that calls Porchlight() reaches the real one.
  window.Porchlight = Object.assign(dispatch, { loaded: true as const })
  for (const args of stub?.q ?? []) dispatch(...Array.from(args))
}

start()
