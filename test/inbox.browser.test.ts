import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { connectAgent, type FrameSocket } from '../packages/server/test/support/frame-socket.js'
import { login, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'
import { closePages, openInbox, screenshot, seriousViolations, startInboxServer, visitorWrites } from './support/inbox.js'

// Short presence timings: a hidden tab turns away in half a second, a closed page offline in one.
const timings = { heartbeatInterval: 1_000, offlineGrace: 1_000, awayAfter: 500 }

let chromium: AttachedChromium
let server: TestServer
let agentSocket: FrameSocket

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
  await closePages(chromium)
  await server.close()
})

/** A visitor who wrote `text`: in a context of their own, or in the first one (to hide their tab). */
const visitor = (text: string, where?: 'first context') => visitorWrites(chromium, server.url, agentSocket, text, where)

/** The admin's inbox, signed in, in a context of its own. */
const adminInbox = () => openInbox(chromium, server.url)

/** The queue's rows, as text, top to bottom. */
function rows(inbox: Page): Promise<string[]> {
  return inbox.getByRole('list', { name: 'Conversations' }).getByRole('link').allInnerTexts()
}

/** The queue's rows, each as its link's text on one line, top to bottom. */
async function rowLines(inbox: Page): Promise<string[]> {
  return (await rows(inbox)).map((text) => text.replace(/\s+/g, ' '))
}

/** The accessible name (label or aria-label) of the element that has focus. */
function focused(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(
    "document.activeElement.getAttribute('aria-label') ?? document.activeElement.labels?.[0]?.textContent ?? null",
  )
}

describe('the queue', () => {
  it('lists the visitors who are there first, and reorders live when one hides the tab and closes the page', async () => {
    const first = await visitor('I was here first', 'first context')
    await visitor('I came second')
    const inbox = await adminInbox()
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

describe('a narrow window', () => {
  it('shows the queue or the conversation, never wider than the window, with long names wrapped and a way back', async () => {
    await visitor('Rami' + 'Longname'.repeat(30) + ' wrote ' + 'Word'.repeat(200))
    const inbox = await adminInbox()
    await inbox.setViewportSize({ width: 400, height: 800 })
    const pageWidth = () => inbox.evaluate<number>('document.documentElement.scrollWidth')
    const queue = inbox.getByRole('list', { name: 'Conversations' })
    await expect.poll(() => queue.getByRole('link').count(), { timeout: 10_000 }).toBe(1)
    expect(await pageWidth()).toBeLessThanOrEqual(400)

    await queue.getByRole('link').click()
    const messages = inbox.getByRole('log', { name: 'Messages' })
    await expect.poll(() => messages.isVisible()).toBe(true)
    expect(await queue.isVisible()).toBe(false)
    expect(await pageWidth()).toBeLessThanOrEqual(400)
    expect(await seriousViolations(inbox)).toEqual([])
    await screenshot(inbox, 'inbox-narrow-conversation')

    await inbox.getByRole('link', { name: 'Back to the queue' }).click()
    await expect.poll(() => queue.isVisible()).toBe(true)
    expect(await messages.isVisible()).toBe(false)
  })
})

describe('the conversation view', () => {
  it('shows the messages, sends a reply with Enter, and says "Seen" once the visitor has read it', async () => {
    const customer = await visitor('Where is my parcel?', 'first context')
    const inbox = await adminInbox()
    await inbox
      .getByRole('list', { name: 'Conversations' })
      .getByRole('link', { name: /Where is my parcel\?/ })
      .click()
    const log = inbox.getByRole('log', { name: 'Messages' })
    await expect.poll(() => log.innerText()).toContain('Where is my parcel?')

    // The visitor's panel is closed while the reply arrives: sent, not seen.
    await customer.page.getByRole('button', { name: 'Close chat' }).click()
    const reply = inbox.getByRole('textbox', { name: 'Reply' })
    await reply.fill('Let me look.')
    await reply.press('Shift+Enter')
    await reply.pressSequentially('One moment.')
    await reply.press('Enter')
    await expect.poll(() => reply.inputValue()).toBe('')
    const sent = log.getByRole('listitem').filter({ hasText: 'Let me look.' })
    await expect.poll(() => sent.innerText(), { timeout: 10_000 }).toMatch(/Let me look\.\nOne moment\.[\s\S]*Sent/)

    // The visitor opens the panel: the reply is on screen in a visible tab, read, and the agent sees it.
    await customer.page.getByRole('button', { name: 'Open chat' }).click()
    await expect.poll(() => customer.page.getByRole('log').innerText(), { timeout: 10_000 }).toContain('One moment.')
    await expect.poll(() => sent.innerText(), { timeout: 10_000 }).toContain('Seen')

    expect(await seriousViolations(inbox)).toEqual([])
    await screenshot(inbox, 'inbox-conversation')
  })

  it("shows the visitor's page, browser, language and local time, and follows them to another page", async () => {
    const customer = await visitorWrites(chromium, server.url, agentSocket, 'Which size fits?', 'own context', {
      locale: 'de-DE',
      timezoneId: 'Asia/Tokyo',
    })
    const userAgent = await customer.page.evaluate<string>('navigator.userAgent')
    const chromeVersion = /Chrome\/(\d+)/.exec(userAgent)![1]
    const inbox = await adminInbox()
    await inbox.getByRole('link', { name: /Which size fits\?/ }).click()
    const details = inbox.getByRole('complementary', { name: 'About the visitor' })
    const page = details.getByRole('link', { name: `${server.url}/` })
    await expect.poll(() => page.getAttribute('href')).toBe(`${server.url}/`)
    expect([await page.getAttribute('target'), await page.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer'])
    const tokyo = () => new Date().toLocaleTimeString([], { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    const before = tokyo()
    const text = await details.innerText()
    expect(text).toMatch(new RegExp(`Browser\\s+Chrome ${chromeVersion} on Linux\\n`))
    expect(text).toMatch(/Language\s+[^\n]*de-DE\n/)
    // The minute may turn between reading the clock and the page: either side of it is right.
    const shown = /Local time\s+(\d\d:\d\d) \(Asia\/Tokyo\)/.exec(text)?.[1]
    expect([before, tokyo()]).toContain(shown)
    await screenshot(inbox, 'inbox-visitor-details')

    // The visitor goes on to another page: its tab's hello tells the server, which tells the inbox.
    await customer.page.goto(`${server.url}/?step=checkout`)
    await expect.poll(() => details.getByRole('link', { name: `${server.url}/?step=checkout` }).count(), { timeout: 10_000 }).toBe(1)
  })

  it('keeps the presence timeline as the visitor hides the tab, comes back and closes the page', async () => {
    const customer = await visitor('hello there', 'first context')
    const inbox = await adminInbox()
    await inbox.getByRole('link', { name: /hello there/ }).click()
    const timeline = inbox.getByRole('list', { name: 'Presence timeline' })
    await expect.poll(() => timeline.innerText()).toMatch(/opened the page \d\d:\d\d/)

    const other = await chromium.context.newPage()
    await expect.poll(() => timeline.innerText(), { timeout: 10_000 }).toMatch(/hid the tab \d\d:\d\d/)
    await customer.page.bringToFront()
    await expect.poll(() => timeline.innerText(), { timeout: 10_000 }).toMatch(/hid the tab \d\d:\d\d\s+back \d\d:\d\d/)
    await customer.page.close()
    await other.close()
    await expect.poll(() => timeline.innerText(), { timeout: 10_000 }).toMatch(/closed the page \d\d:\d\d$/)
    await expect.poll(() => inbox.getByRole('complementary').innerText()).toContain('Offline · page closed')
  })

  it('moves between conversations with the keyboard, but not while the agent types', async () => {
    await visitor('first visitor', 'first context')
    await visitor('second visitor')
    const inbox = await adminInbox()
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

    // The unsent reply waits in its conversation while the agent looks at another.
    await inbox.getByRole('heading', { name: names[0] }).click()
    await inbox.keyboard.press('j')
    await expect.poll(() => heading.innerText()).toBe(names[1])
    expect(await reply.inputValue()).toBe('')
    await inbox.keyboard.press('k')
    await expect.poll(() => heading.innerText()).toBe(names[0])
    expect(await reply.inputValue()).toBe('jk')

    // ? shows the shortcuts; Escape closes them.
    await inbox.getByRole('heading', { name: names[0] }).click()
    await inbox.keyboard.press('?')
    const help = inbox.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect.poll(() => help.isVisible()).toBe(true)
    expect(await help.innerText()).toContain('Next conversation')
    expect(await seriousViolations(inbox)).toEqual([])
    await screenshot(inbox, 'inbox-shortcuts')
    await inbox.keyboard.press('Escape')
    await expect.poll(() => help.isVisible()).toBe(false)

    // q goes to the search box.
    await inbox.keyboard.press('q')
    const search = inbox.getByRole('searchbox', { name: 'Search conversations' })
    await expect.poll(() => focused(inbox)).toBe('Search conversations')
    expect(await search.isVisible()).toBe(true)
  })

  it('goes back to sign-in when the session ends elsewhere (its socket closes with 4401)', async () => {
    const inbox = await adminInbox()
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
