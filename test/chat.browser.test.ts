import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { api, login, startServer, type TestServer } from '../packages/server/test/support/start-server.js'
import { launchChromium } from './support/browser.js'

let browser: Browser
let server: TestServer
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})
beforeEach(async () => {
  server = await startServer()
})
afterEach(async () => {
  await server.close()
})

/** Polls the agent API until a conversation exists, and returns its detail. */
async function waitForConversation(cookie: string, predicate: (conversation: any) => boolean) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const { body } = await api(server.url, cookie, '/api/conversations')
    const found = body.conversations.find(predicate)
    if (found) return (await api(server.url, cookie, `/api/conversations/${found.id}`)).body.conversation
    if (Date.now() > deadline) throw new Error(`no matching conversation: ${JSON.stringify(body)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the real widget.js on the demo page, in Chromium', () => {
  it('sends a typed message to the agent and shows the agent reply', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const dialog = page.getByRole('dialog', { name: 'Chat' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    const input = dialog.getByRole('textbox', { name: 'Message' })
    await input.fill('My order has not arrived')
    await input.press('Enter')

    const cookie = await login(server.url)
    const conversation = await waitForConversation(cookie, (c) => c.lastMessage?.text === 'My order has not arrived')
    expect(conversation.messages).toHaveLength(1)
    expect(conversation.messages[0]).toMatchObject({ author: 'visitor', text: 'My order has not arrived' })

    const reply = await api(server.url, cookie, `/api/conversations/${conversation.id}/messages`, {
      method: 'POST',
      body: { text: 'Sorry! <b>Let me check</b> that for you.' },
    })
    expect(reply.status).toBe(201)
    const log = dialog.getByRole('log')
    await expect.poll(() => log.innerText(), { timeout: 10_000 }).toContain('Sorry! <b>Let me check</b> that for you.')
    // The reply is text, not markup.
    expect(await log.locator('b').count()).toBe(0)
    await page.close()
  })

  it('keeps the conversation across a reload, with the same visitor', async () => {
    const page = await browser.newPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const input = page.getByRole('textbox', { name: 'Message' })
    await input.fill('first visit')
    await input.press('Enter')
    const cookie = await login(server.url)
    const conversation = await waitForConversation(cookie, (c) => c.lastMessage?.text === 'first visit')

    await page.reload()
    await page.getByRole('button', { name: 'Open chat' }).click()
    await expect.poll(() => page.getByRole('log').innerText(), { timeout: 10_000 }).toContain('first visit')
    await page.getByRole('textbox', { name: 'Message' }).fill('after reload')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    const again = await waitForConversation(cookie, (c) => c.lastMessage?.text === 'after reload')
    expect(again.id).toBe(conversation.id)
    expect(again.messages.map((m: { text: string }) => m.text)).toEqual(['first visit', 'after reload'])
    await page.close()
  })
})
