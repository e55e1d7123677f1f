import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api } from '../packages/server/test/support/start-server.js'
import { agent, chatting, chromium, cookie, server, useAgentStage } from './support/agent-stage.js'

useAgentStage()

/** How long the widget waits before a message on screen counts as read (create-widget.tsx), with a margin. */
const pastTheDwell = 1_500

const reply = (conversationId: string, text: string) =>
  api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text } })

/** The visitor's next forward move, as the agents see it. */
const nextVisitorRead = async () =>
  (await agent.nextWhere('receipt.read', (frame) => frame.reader.type === 'visitor', 10_000)).seq as number

/**
 * Lets every timer the page set before now run (timers of the same or a shorter delay fire first), so
 * that a read the widget would report after its dwell has been reported by the end.
 */
const pastEveryDwell = (page: Page) => page.evaluate((delay) => new Promise((resolve) => setTimeout(resolve, delay)), pastTheDwell)

describe('read receipts of the real widget.js in Chromium', () => {
  it('reports a reply read in the open panel of a visible tab; not one that came while closed, which the launcher counts', async () => {
    const { page, conversationId } = await chatting()
    await reply(conversationId, 'first reply')
    expect(await nextVisitorRead()).toBe(2)
    const watermarks = (await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation.readWatermarks
    expect(watermarks.visitor).toBe(2)

    await page.getByRole('button', { name: 'Close chat' }).click()
    await reply(conversationId, 'while closed')
    const launcher = page.getByRole('button', { name: 'Open chat, 1 unread' })
    await launcher.waitFor({ timeout: 10_000 })
    await pastEveryDwell(page)
    // Reading it would have counted it down (markRead does at once) and sent a read frame.
    expect(await launcher.count()).toBe(1)
    expect(agent.received('receipt.read')).toEqual([])

    await launcher.click()
    expect(await nextVisitorRead()).toBe(3)
    await page.getByRole('button', { name: 'Open chat', exact: true }).waitFor()
  })

  it('does not read a reply that arrives while the tab is hidden, until the tab is back in front', async () => {
    const { page, conversationId } = await chatting()
    const other = await chromium.context.newPage() // the chat's tab is hidden now
    await reply(conversationId, 'while hidden')
    const launcher = page.getByRole('button', { name: 'Open chat, 1 unread' })
    await launcher.waitFor({ state: 'attached', timeout: 10_000 })
    await pastEveryDwell(page)
    expect(await launcher.count()).toBe(1)
    expect(agent.received('receipt.read')).toEqual([])

    await page.bringToFront()
    expect(await nextVisitorRead()).toBe(2)
    await other.close()
  })

  it('opens at the newest message and reports it read', async () => {
    const { page, conversationId } = await chatting()
    await page.getByRole('button', { name: 'Close chat' }).click()
    for (let i = 1; i <= 30; i++) await reply(conversationId, `reply number ${i}`)
    await page.getByRole('button', { name: 'Open chat, 30 unread' }).waitFor({ timeout: 10_000 })

    await page.getByRole('button', { name: 'Open chat, 30 unread' }).click()
    const log = page.getByRole('log')
    const newest = log.getByText('reply number 30')
    await expect.poll(() => newest.isVisible()).toBe(true)
    // On screen within the list, which has scrolled to its end; the oldest is out of view.
    const [logBox, newestBox, oldestBox] = await Promise.all([log, newest, log.getByText('hello')].map((l) => l.boundingBox()))
    expect(newestBox!.y + newestBox!.height).toBeLessThanOrEqual(logBox!.y + logBox!.height + 1)
    expect(oldestBox!.y + oldestBox!.height).toBeLessThan(logBox!.y)
    expect(await nextVisitorRead()).toBe(31)
  })
})

describe('the email field of the real widget.js in Chromium', () => {
  it("appears after the first message, shows the server's error for a bad address, and stores a good one", async () => {
    const page = await chromium.context.newPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const email = page.getByRole('textbox', { name: 'Email' })
    expect(await email.count()).toBe(0)
    await page.getByRole('textbox', { name: 'Message' }).fill('hello')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    const { conversation } = await agent.next('conversation.created', 10_000)
    await email.waitFor()
    expect(await email.getAttribute('type')).toBe('email')

    await email.fill('ada@example')
    await page.getByRole('button', { name: 'Save' }).click()
    const error = page.getByRole('alert')
    await error.waitFor({ timeout: 10_000 })
    expect(await error.innerText()).toBe('This is not an email address replies can be sent to; write it like name@example.com.')
    expect(await email.getAttribute('aria-invalid')).toBe('true')

    await email.fill('ada@example.com')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(async () => (await api(server.url, cookie, `/api/conversations/${conversation.id}`)).body.conversation.visitor.email, {
        timeout: 10_000,
      })
      .toBe('ada@example.com')
    expect(await email.count()).toBe(0)

    // Known now: a reload does not ask again.
    await page.reload()
    await page.getByRole('button', { name: 'Open chat' }).click()
    await page.getByRole('log').getByText('hello').waitFor()
    expect(await email.count()).toBe(0)
  })

  it('is not shown again once skipped', async () => {
    const { page } = await chatting()
    await page.getByRole('button', { name: 'Skip' }).click()
    const email = page.getByRole('textbox', { name: 'Email' })
    expect(await email.count()).toBe(0)
    await page.reload()
    await page.getByRole('button', { name: 'Open chat' }).click()
    await page.getByRole('log').getByText('hello').waitFor()
    expect(await email.count()).toBe(0)
  })
})
