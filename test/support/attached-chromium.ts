import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { chromiumPath, quietFlags } from './browser.js'

/** A Chromium that we started ourselves and Playwright attached to over CDP. */
export interface AttachedChromium {
  browser: Browser
  context: BrowserContext
  /** Kills Chromium with every process it started, waits until they are dead, and removes its profile. */
  close(): Promise<void>
}

/** How long Chromium may take to print its DevTools address, and its processes to die once killed. */
const deadline = 20_000

/**
 * Whether a process of this group still runs. A killed process stays a zombie until its parent reaps it;
 * the helpers of a killed Chromium are reparented to PID 1, which may reap them only a second or two
 * later, but a zombie no longer writes anything. Where there is no /proc, any process counts.
 */
function groupRuns(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0)
      return true
    } catch {
      return false
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // it ended while we looked
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true
  }
  return false
}

/**
 * Starts headless Chromium ourselves and attaches Playwright over CDP. Unlike `chromium.launch()`, which
 * adds flags that keep every page visible, pages here really turn hidden when another page opens and
 * visible again on `bringToFront()`, and a hidden page can be frozen (see shared/notes/browser-presence.md).
 *
 * Chromium runs in a process group of its own: closing kills the whole group (the renderer, GPU, network
 * and storage processes too, which otherwise outlive the browser process for a moment and keep writing
 * to the profile) and waits until none of them runs before the profile is removed.
 */
export async function startAttachedChromium(): Promise<AttachedChromium> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run "apt-get update && apt-get install -y chromium"`)
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'porchlight-chromium-'))
  const child = spawn(
    chromiumPath,
    ['--headless', '--no-sandbox', '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, ...quietFlags, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const kill = async () => {
    const pgid = child.pid
    if (pgid !== undefined) {
      try {
        process.kill(-pgid, 'SIGKILL')
      } catch {
        // The group is gone already.
      }
      await exited
      const giveUpAt = Date.now() + deadline
      while (groupRuns(pgid)) {
        if (Date.now() > giveUpAt) throw new Error(`Chromium's processes (group ${pgid}) still run after SIGKILL`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
  }

  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = ''
      const fail = (error: Error) => {
        clearTimeout(timer)
        reject(error)
      }
      const timer = setTimeout(() => fail(new Error(`Chromium printed no DevTools address: ${output}`)), deadline)
      child.once('error', fail)
      void exited.then(() => fail(new Error(`Chromium exited with ${child.exitCode}: ${output}`)))
      const read = (chunk: Buffer) => {
        output += String(chunk)
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output)
        if (!match) return
        clearTimeout(timer)
        // Keep draining stderr so that Chromium never blocks on a full pipe, without keeping it.
        child.stderr.off('data', read).resume()
        resolve(match[1]!)
      }
      child.stderr.on('data', read)
    })
    const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true })
    return {
      browser,
      context: browser.contexts()[0]!,
      async close() {
        await browser.close().catch(() => {})
        await kill()
      },
    }
  } catch (error) {
    await kill()
    throw error
  }
}
