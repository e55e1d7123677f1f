import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** `window.Porchlight` as a test sees it: the queue stub or the real dispatcher. */
export type Porchlight = ((command: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: true }

/** The page's window, as scripts the page loads see it. */
export type PageWindow = Window & typeof globalThis & { Porchlight?: Porchlight; hacked?: unknown }

/**
 * The jsdom window that runs the page's scripts. Vitest copies the window's properties onto the test's
 * global object, so `document` is shared, but what a page script assigns to `window` lands here only.
 */
export const page = (globalThis as unknown as { jsdom: { window: PageWindow } }).jsdom.window

const bundle = fileURLToPath(import.meta.resolve('../../dist/widget.js'))
if (!existsSync(bundle)) {
  throw new Error('These tests run the built bundle: run `npm run build -w @porchlight/widget` first.')
}

/** The queue stub exactly as the README tells site owners to paste it. */
export const queueStub = 'window.Porchlight = window.Porchlight || function () { (Porchlight.q = Porchlight.q || []).push(arguments) }'

/** Runs inline code as a page script. */
export function runInPage(code: string): void {
  const script = document.createElement('script')
  script.textContent = code
  document.head.append(script)
  script.remove()
}

/** Adds `<script src="<origin>/widget.js" data-*>` to the page and resolves once it ran. */
export function loadWidget(origin: string, data: Record<string, string> = {}): Promise<void> {
  const script = document.createElement('script')
  script.src = `${origin}/widget.js`
  Object.assign(script.dataset, data)
  const loaded = new Promise<void>((resolve, reject) => {
    script.onload = () => resolve()
    script.onerror = () => reject(new Error(`could not load ${script.src}`))
  })
  document.body.append(script)
  return loaded
}

/** Shuts the widget down and removes every trace of it, for the next test. */
export function resetPage(): void {
  page.Porchlight?.('shutdown')
  delete page.Porchlight
  document.head.replaceChildren()
  document.body.replaceChildren()
  localStorage.clear()
}

/** The widget's shadow root. */
export function shadow(): ShadowRoot {
  const root = document.getElementById('porchlight')?.shadowRoot
  if (!root) throw new Error('no shadow root on #porchlight')
  return root
}

const implicitRoles: Record<string, string> = { BUTTON: 'button', TEXTAREA: 'textbox' }

/**
 * The one element in the widget with this role and accessible name (from `aria-label`, else its
 * text), the way assistive technology and Testing Library find it. Throws unless there is exactly one.
 */
export function byRole(role: string, name: string): HTMLElement {
  const found = [...shadow().querySelectorAll<HTMLElement>('*')].filter(
    (element) =>
      (element.getAttribute('role') ?? implicitRoles[element.tagName]) === role &&
      (element.getAttribute('aria-label') ?? element.textContent?.trim()) === name,
  )
  if (found.length !== 1) throw new Error(`expected one ${role} named "${name}", found ${found.length}`)
  return found[0]!
}

/** Dispatches a keydown the way a keyboard does; returns whether a handler prevented the default. */
export function press(target: Element, key: string, init: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true, ...init })
  target.dispatchEvent(event)
  return event.defaultPrevented
}
