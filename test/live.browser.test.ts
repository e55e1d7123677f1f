import { describe, expect, it } from 'vitest'
import { api } from '../packages/server/test/support/start-server.js'
import { agent, chatting, cookie, server, useAgentStage } from './support/agent-stage.js'

// Typing both ways and two-way chat off, with the real widget.js on the demo page in Chromium and an
// agent on a real socket (the seeded admin, named "Admin").

useAgentStage()

describe('typing, with the real widget.js in Chromium', () => {
  it("shows the agent typing, and clears it when the agent's reply arrives", async () => {
    const { page, conversationId } = await chatting()
    agent.send({ type: 'typing', conversationId, active: true })
    const typing = page.getByText('Admin is typing…')
    await typing.waitFor({ timeout: 10_000 })
    await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'Here to help' } })
    await page.getByRole('log').getByText('Here to help').waitFor({ timeout: 10_000 })
    expect(await typing.count()).toBe(0)
  })

  it('tells the agent that the visitor is typing, and that they stopped when the text is sent', async () => {
    const { page, conversationId } = await chatting()
    const input = page.getByRole('textbox', { name: 'Message' })
    await input.pressSequentially('Where is my')
    const actor = { kind: 'visitor' }
    expect(await agent.next('typing', 10_000)).toEqual({ type: 'typing', conversationId, actor, active: true })
    await input.press('Enter')
    // A slow machine may have taken over 2 s to type it, and said so once more meanwhile.
    expect(await agent.nextWhere('typing', (frame) => !frame.active, 10_000)).toEqual({
      type: 'typing',
      conversationId,
      actor,
      active: false,
    })
    await agent.nextWhere('message.created', (frame) => frame.message.text === 'Where is my', 10_000)
  })
})

describe('two-way chat off, with the real widget.js in Chromium', () => {
  it('shows the agents’ messages with a note instead of the composer, at once in an open widget', async () => {
    const { page, conversationId } = await chatting()
    const patched = await api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { widget: { twoWayChat: false } } })
    expect(patched.status).toBe(200)
    const note = page.getByText('This chat shows our replies only: it does not take messages.')
    await note.waitFor({ timeout: 10_000 })
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(0)

    await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      body: { text: 'We are closed today' },
    })
    await page.getByRole('log').getByText('We are closed today').waitFor({ timeout: 10_000 })

    // A new page load is told in its welcome.
    await page.reload()
    await page.getByRole('button', { name: 'Open chat' }).click()
    await page.getByRole('log').getByText('We are closed today').waitFor({ timeout: 10_000 })
    expect(await note.isVisible()).toBe(true)
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0)
  })
})
