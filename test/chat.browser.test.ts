import { describe, expect, it } from 'vitest'
import { api } from '../packages/server/test/support/start-server.js'
import { agent, chromium, cookie, server, useAgentStage } from './support/agent-stage.js'

useAgentStage()

/** The conversation's detail, once the agent socket reports a message with this text. */
async function conversationWith(text: string) {
  const { message } = await agent.nextWhere('message.created', (frame) => frame.message.text === text, 10_000)
  return (await api(server.url, cookie, `/api/conversations/${message.conversationId}`)).body.conversation
}

describe('the real widget.js on the demo page, in Chromium', () => {
  it('sends a typed message to the agent and shows the agent reply', async () => {
    const page = await chromium.context.newPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const dialog = page.getByRole('dialog', { name: 'Chat' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    const input = dialog.getByRole('textbox', { name: 'Message' })
    await input.fill('My order has not arrived')
    await input.press('Enter')

    const conversation = await conversationWith('My order has not arrived')
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
    const page = await chromium.context.newPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const input = page.getByRole('textbox', { name: 'Message' })
    await input.fill('first visit')
    await input.press('Enter')
    const conversation = await conversationWith('first visit')

    await page.reload()
    await page.getByRole('button', { name: 'Open chat' }).click()
    await expect.poll(() => page.getByRole('log').innerText(), { timeout: 10_000 }).toContain('first visit')
    await page.getByRole('textbox', { name: 'Message' }).fill('after reload')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    const again = await conversationWith('after reload')
    expect(again.id).toBe(conversation.id)
    expect(again.messages.map((m: { text: string }) => m.text)).toEqual(['first visit', 'after reload'])
    await page.close()
  })
})
