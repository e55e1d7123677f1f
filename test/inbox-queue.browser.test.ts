import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { connectAgent, type FrameSocket } from '../packages/server/test/support/frame-socket.js'
import { login, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'
import { openInbox, screenshot, seriousViolations, startInboxServer } from './support/inbox.js'

// Short presence timings: a hidden tab turns away in half a second, a closed page offline in one.
const timings = { heartbeatInterval: 1_000, offlineGrace: 1_000, awayAfter: 500 }

let chromium: AttachedChromium
let server: TestServer
let cookie: string
let agentSocket: FrameSocket
const contexts: BrowserContext[] = []

beforeAll(async () => {
  chromium = await startAttachedChromium()
})
afterAll(async () => {
  await chromium?.close()
})
beforeEach(async () => {
  server = await startInboxServer({ timings })
  cookie = await login(server.url)
  agentSocket = await connectAgent(server.wsUrl, cookie)
})
afterEach(async () => {
  agentSocket.close()
  for (const context of contexts.splice(0)) await context.close().catch(() => {})
  for (const page of chromium.context.pages()) await page.close().catch(() => {})
  await server.close()
})

/**
 * A visitor on the demo page who wrote `text` in the widget: in a browser context of their own, or in
 * the browser's first one, the only one where a new page hides the others as a new tab does.
 */
async function visitorWrites(text: string, own = true): Promise<{ page: Page; conversationId: string }> {
  const context = own ? await chromium.browser.newContext() : chromium.context
  if (own) contexts.push(context)
  const page = await context.newPage()
  await page.goto(`${server.url}/`)
  await page.getByRole('button', { name: 'Open chat' }).click()
  await page.getByRole('textbox', { name: 'Message' }).fill(text)
  await page.getByRole('textbox', { name: 'Message' }).press('Enter')
  const { message } = await agentSocket.nextWhere('message.created', (frame) => frame.message.text === text, 10_000)
  return { page, conversationId: message.conversationId }
}

/** The queue's rows, as text, top to bottom. */
function rows(inbox: Page): Promise<string[]> {
  return inbox.getByRole('list', { name: 'Conversations' }).getByRole('link').allInnerTexts()
}

/** The queue's rows, each as its link's text on one line, top to bottom. */
async function rowLines(inbox: Page): Promise<string[]> {
  return (await rows(inbox)).map((text) => text.replace(/\s+/g, ' '))
}

describe('the queue', () => {
  it('lists the visitors who are there first, and reorders live when one hides the tab and closes the page', async () => {
    const first = await visitorWrites('I was here first', false)
    await visitorWrites('I came second')
    const inbox = await openInbox(chromium, server.url)
    contexts.push(inbox.context())
    // Both online: the one waiting longest first.
    await expect
      .poll(() => rowLines(inbox), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/Online .*I was here first$/), expect.stringMatching(/Online .*I came second$/)])
    expect(await seriousViolations(inbox)).toEqual([])
    await screenshot(inbox, 'inbox-queue')

    // The first visitor opens another tab: theirs is hidden, they are away, the one still there goes first.
    const other = await first.page.context().newPage()
    await expect
      .poll(() => rowLines(inbox), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/Online .*I came second$/), expect.stringMatching(/Away · tab hidden .*I was here first$/)])

    // They close the page (and the other tab): offline, their session leaves the live queue...
    await first.page.close({ runBeforeUnload: true })
    await other.close()
    await expect.poll(() => rowLines(inbox), { timeout: 10_000 }).toEqual([expect.stringMatching(/Online .*I came second$/)])
    // ...and shows with the inactive sessions, last, with the reason in words.
    await inbox.getByRole('checkbox', { name: 'Show inactive sessions' }).check()
    await expect
      .poll(() => rowLines(inbox), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/Online .*I came second$/), expect.stringMatching(/Offline · page closed .*I was here first$/)])
  })
})
