import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { connectAgent, type FrameSocket } from '../packages/server/test/support/frame-socket.js'
import { login, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'
import { openInbox, screenshot, seriousViolations, startInboxServer } from './support/inbox.js'

const timings = { heartbeatInterval: 1_000, offlineGrace: 1_000, awayAfter: 500 }

let chromium: AttachedChromium
let server: TestServer
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
  agentSocket = await connectAgent(server.wsUrl, await login(server.url))
})
afterEach(async () => {
  agentSocket.close()
  for (const context of contexts.splice(0)) await context.close().catch(() => {})
  for (const page of chromium.context.pages()) await page.close().catch(() => {})
  await server.close()
})

/**
 * A visitor on the demo page who wrote `text`: in the browser's first context, where a new page hides
 * the others as a new tab does, or in a context of their own (another visitor: their own storage).
 */
async function visitorWrites(text: string, own = false): Promise<{ page: Page; conversationId: string }> {
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

/** The accessible name (label or aria-label) of the element that has focus. */
function focused(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(
    "document.activeElement.getAttribute('aria-label') ?? document.activeElement.labels?.[0]?.textContent ?? null",
  )
}

async function inboxFor(): Promise<Page> {
  const inbox = await openInbox(chromium, server.url)
  contexts.push(inbox.context())
  return inbox
}

describe('the conversation view', () => {
  it('shows the messages, sends a reply with Enter, and says "Seen" once the visitor has read it', async () => {
    const visitor = await visitorWrites('Where is my parcel?')
    const inbox = await inboxFor()
    await inbox
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link', { name: /Where is my parcel\?/ })
      .click()
    const log = inbox.getByRole('log', { name: 'Messages' })
    await expect.poll(() => log.innerText()).toContain('Where is my parcel?')

    // The visitor's panel is closed while the reply arrives: sent, not seen.
    await visitor.page.getByRole('button', { name: 'Close chat' }).click()
    const reply = inbox.getByRole('textbox', { name: 'Reply' })
    await reply.fill('Let me look.')
    await reply.press('Shift+Enter')
    await reply.pressSequentially('One moment.')
    await reply.press('Enter')
    await expect.poll(() => reply.inputValue()).toBe('')
    const sent = log.getByRole('listitem').filter({ hasText: 'Let me look.' })
    await expect.poll(() => sent.innerText(), { timeout: 10_000 }).toMatch(/Let me look\.\nOne moment\.[\s\S]*Sent/)

    // The visitor opens the panel: the reply is on screen in a visible tab, read, and the agent sees it.
    await visitor.page.getByRole('button', { name: 'Open chat' }).click()
    await expect.poll(() => visitor.page.getByRole('log').innerText(), { timeout: 10_000 }).toContain('One moment.')
    await expect.poll(() => sent.innerText(), { timeout: 10_000 }).toContain('Seen')

    expect(await seriousViolations(inbox)).toEqual([])
    await screenshot(inbox, 'inbox-conversation')
  })

  it('keeps the presence timeline as the visitor hides the tab, comes back and closes the page', async () => {
    const visitor = await visitorWrites('hello there')
    const inbox = await inboxFor()
    await inbox.getByRole('link', { name: /hello there/ }).click()
    const timeline = inbox.getByRole('list', { name: 'Presence timeline' })
    await expect.poll(() => timeline.innerText()).toMatch(/opened the page \d\d:\d\d/)

    const other = await chromium.context.newPage()
    await expect.poll(() => timeline.innerText(), { timeout: 10_000 }).toMatch(/hid the tab \d\d:\d\d/)
    await visitor.page.bringToFront()
    await expect.poll(() => timeline.innerText(), { timeout: 10_000 }).toMatch(/hid the tab \d\d:\d\d\s+back \d\d:\d\d/)
    await visitor.page.close()
    await other.close()
    await expect.poll(() => timeline.innerText(), { timeout: 10_000 }).toMatch(/closed the page \d\d:\d\d$/)
    await expect.poll(() => inbox.getByRole('complementary').innerText()).toContain('Offline · page closed')
  })

  it('moves between conversations with the keyboard, but not while the agent types', async () => {
    await visitorWrites('first visitor')
    await visitorWrites('second visitor', true)
    const inbox = await inboxFor()
    const list = inbox.getByRole('list', { name: 'Conversations' })
    await expect.poll(() => list.getByRole('link').count(), { timeout: 10_000 }).toBe(2)
    const heading = inbox.locator('#conversation-heading')
    const names = await list.locator('.name').allInnerTexts()

    await inbox.keyboard.press('j')
    await expect.poll(() => heading.innerText()).toBe(names[0])
    await inbox.keyboard.press('j')
    await expect.poll(() => heading.innerText()).toBe(names[1])
    await inbox.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => heading.innerText()).toBe(names[0])
    expect(await inbox.evaluate<string>('document.activeElement.textContent')).toContain('first visitor')

    // r goes to the reply box, where j and k are letters.
    await inbox.keyboard.press('r')
    const reply = inbox.getByRole('textbox', { name: 'Reply' })
    await expect.poll(() => focused(inbox)).toBe('Reply')
    await inbox.keyboard.type('jk')
    expect(await reply.inputValue()).toBe('jk')
    expect(await heading.innerText()).toBe(names[0])

    // ? shows the shortcuts; Escape closes them.
    await reply.fill('')
    await inbox.getByRole('heading', { name: names[0] }).click()
    await inbox.keyboard.press('?')
    const help = inbox.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect.poll(() => help.isVisible()).toBe(true)
    expect(await help.innerText()).toContain('Next conversation')
    expect(await seriousViolations(inbox)).toEqual([])
    await inbox.keyboard.press('Escape')
    await expect.poll(() => help.isVisible()).toBe(false)

    // q goes to the search box.
    await inbox.keyboard.press('q')
    const search = inbox.getByRole('searchbox', { name: 'Search conversations' })
    await expect.poll(() => focused(inbox)).toBe('Search conversations')
    expect(await search.isVisible()).toBe(true)
  })

  it('goes back to sign-in when the session ends elsewhere (its socket closes with 4401)', async () => {
    const inbox = await inboxFor()
    const session = (await inbox.context().cookies()).find((cookie) => cookie.name === 'porchlight_session')
    const signOut = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `${session!.name}=${session!.value}` },
    })
    expect(signOut.status).toBe(204)
    await expect.poll(() => inbox.getByRole('button', { name: 'Sign in' }).isVisible(), { timeout: 10_000 }).toBe(true)
    expect(await inbox.getByRole('status').allInnerTexts()).toContain('Your session ended. Sign in again.')
  })
})
