import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { chromiumPath, quietFlags } from './browser.js'

/** A Chromium that we started ourselves and Playwright attached to over CDP. */
export interface AttachedChromium {
  browser: Browser
  context: BrowserContext
  close(): Promise<void>
}

/**
 * Starts headless Chromium ourselves and attaches Playwright over CDP. Unlike `chromium.launch()`, which
 * adds flags that keep every page visible, pages here really turn hidden when another page opens and
 * visible again on `bringToFront()`, and a hidden page can be frozen (see shared/notes/browser-presence.md).
 */
export async function startAttachedChromium(): Promise<AttachedChromium> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run "apt-get update && apt-get install -y chromium"`)
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'porchlight-chromium-'))
  const child: ChildProcess = spawn(
    chromiumPath,
    ['--headless', '--no-sandbox', '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, ...quietFlags, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address: ${output}`)), 20_000)
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}: ${output}`)))
  })
  const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true })
  const context = browser.contexts()[0]!
  return {
    browser,
    context,
    async close() {
      await browser.close().catch(() => {})
      child.kill('SIGKILL')
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)))
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}
