import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import type { Page } from 'playwright-core'
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
  const page = await context.newPage()
  await page.goto(`${url}/inbox`)
  await page.getByRole('textbox', { name: 'Email' }).fill(credentials.email)
  await page.getByLabel('Password').fill(credentials.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible(), { timeout: 10_000 }).toBe(true)
  return page
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
