import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import type { BrowserContextOptions, Page } from 'playwright-core'
import type { FrameSocket } from '../../packages/server/test/support/frame-socket.js'
import { expect } from 'vitest'
import type { PorchlightOptions } from '../../packages/server/src/config/options.js'
import { admin, startServer, type TestServer } from '../../packages/server/test/support/start-server.js'
import type { AttachedChromium } from './attached-chromium.js'

/** A loopback port that was free a moment ago: a page keeps its address across a server restart. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The server for inbox tests: its public URL is its own address, so that the agent API accepts requests
 * from the inbox page (the CSRF origin check compares with the public URL).
 */
export async function startInboxServer(options: Partial<PorchlightOptions> = {}): Promise<TestServer> {
  const port = await freePort()
  return startServer({ publicUrl: `http://127.0.0.1:${port}`, ...options }, { port })
}

/** Opens `/inbox` in a browser context of its own (its own cookies: one agent per context) and signs in. */
export async function openInbox(chromium: AttachedChromium, url: string, credentials = admin): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } })
  // An action on something that never shows fails with its locator, well before the test's own timeout.
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  await page.goto(`${url}/inbox`)
  await page.getByRole('textbox', { name: 'Email' }).fill(credentials.email)
  await page.getByLabel('Password').fill(credentials.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible(), { timeout: 10_000 }).toBe(true)
  return page
}

/**
 * A visitor on the demo page who wrote `text` in the widget, as the agent socket `agent` saw it: in a
 * browser context of their own (their own storage: another visitor), or in the browser's first one,
 * the only one where a new page hides the others as a new tab does (for a visitor who hides the tab).
 */
export async function visitorWrites(
  chromium: AttachedChromium,
  url: string,
  agent: FrameSocket,
  text: string,
  where: 'own context' | 'first context' = 'own context',
  /** For an own context: its locale, time zone, ... */
  contextOptions: BrowserContextOptions = {},
): Promise<{ page: Page; conversationId: string }> {
  const context = where === 'own context' ? await chromium.browser.newContext(contextOptions) : chromium.context
  const page = await context.newPage()
  await page.goto(`${url}/`)
  await page.getByRole('button', { name: 'Open chat' }).click()
  await page.getByRole('textbox', { name: 'Message' }).fill(text)
  await page.getByRole('textbox', { name: 'Message' }).press('Enter')
  const { message } = await agent.nextWhere('message.created', (frame) => frame.message.text === text, 10_000)
  return { page, conversationId: message.conversationId }
}

/** Closes what a test opened: every context but the browser's first, and the pages of that one. */
export async function closePages(chromium: AttachedChromium): Promise<void> {
  for (const context of chromium.browser.contexts()) if (context !== chromium.context) await context.close().catch(() => {})
  for (const page of chromium.context.pages()) await page.close().catch(() => {})
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe-core in the page; answers the serious and critical violations, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over DevTools, which the page's policy (no inline script) does not govern.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(await axeSource)
  return page.evaluate<string[]>(`axe.run().then(({ violations }) => violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => violation.id + ': ' + node.target.join(' '))))`)
}

const screenshots = new URL('../screenshots/', import.meta.url)

/** Saves a screenshot of the page as test/screenshots/<name>.png (the folder is not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({ path: new URL(`${name}.png`, screenshots).pathname, fullPage: true })
}
