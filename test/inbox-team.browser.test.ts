// Two agents and a visitor in one inbox: take, finish, details, notes, canned responses, search and
// unread counts; a second agent and force-logout; typing and viewers.
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { connectAgent, type FrameSocket } from '../packages/server/test/support/frame-socket.js'
import { api, login, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'
import { closePages, openInbox, screenshot, seriousViolations, startInboxServer, visitorWrites } from './support/inbox.js'

let chromium: AttachedChromium
let server: TestServer
let adminCookie: string
let adminSocket: FrameSocket
const bob = { email: 'bob@example.com', password: 'bob has a long password', name: 'Bob' }
let bobId: string

beforeAll(async () => {
  chromium = await startAttachedChromium()
  server = await startInboxServer({ timings: { heartbeatInterval: 1_000, offlineGrace: 1_000, awayAfter: 500 } })
  adminCookie = await login(server.url)
  adminSocket = await connectAgent(server.wsUrl, adminCookie)
  const created = await api(server.url, adminCookie, '/api/agents', { method: 'POST', body: { ...bob, role: 'agent' } })
  expect(created.status).toBe(201)
  bobId = created.body.agent.id
})
afterAll(async () => {
  adminSocket?.close()
  await server?.close()
  await chromium?.close()
})
afterEach(async () => {
  await closePages(chromium)
})

/** A visitor in a browser context of their own who wrote `text`. */
const visitorWritesText = (text: string) => visitorWrites(chromium, server.url, adminSocket, text)

const inboxOf = (credentials?: typeof bob) => openInbox(chromium, server.url, credentials)

/** Opens a conversation straight from its address, in a list. */
async function openConversation(inbox: Page, list: string, conversationId: string): Promise<void> {
  await inbox.evaluate(`location.hash = '#/inbox/${list}/${conversationId}'`)
  await expect.poll(() => inbox.getByRole('log', { name: 'Messages' }).isVisible(), { timeout: 10_000 }).toBe(true)
}

const rowsOf = (inbox: Page) => inbox.getByRole('list', { name: 'Conversations' })
const owner = (inbox: Page) => inbox.locator('.workflow .owner')

describe('two agents and a visitor', () => {
  it('take, take over with confirmation, finish, and a new visitor message reopens it unowned', async () => {
    const visitor = await visitorWritesText('Can someone help me?')
    const admin = await inboxOf()
    const other = await inboxOf(bob)
    // Every agent sees who of the team is there.
    await expect
      .poll(() => other.getByRole('list', { name: 'Team' }).getByRole('listitem').allInnerTexts(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['Admin · Online', 'Bob · Online']))
    await expect.poll(() => rowsOf(admin).innerText(), { timeout: 10_000 }).toContain('Can someone help me?')
    await openConversation(admin, 'unanswered', visitor.conversationId)
    await admin.getByRole('button', { name: 'Take' }).click()
    await expect.poll(() => owner(admin).innerText()).toBe('You are answering')
    // It left Unanswered for Mine.
    await expect.poll(() => rowsOf(admin).innerText()).not.toContain('Can someone help me?')
    await admin.getByRole('navigation', { name: 'Lists' }).getByRole('link', { name: 'Mine' }).click()
    await expect.poll(() => rowsOf(admin).innerText()).toContain('Can someone help me?')

    // Bob sees who answers it; taking it over asks first.
    await openConversation(other, 'active', visitor.conversationId)
    await expect.poll(() => owner(other).innerText()).toBe('Answered by Admin')
    await other.getByRole('button', { name: 'Take' }).click()
    const confirm = other.getByRole('dialog', { name: 'Take over this conversation?' })
    await expect.poll(() => confirm.innerText()).toContain('Admin is answering this conversation.')
    expect(await seriousViolations(other)).toEqual([])
    await screenshot(other, 'inbox-take-over')
    await confirm.getByRole('button', { name: 'Take over' }).click()
    await expect.poll(() => owner(other).innerText()).toBe('You are answering')
    await expect.poll(() => owner(admin).innerText(), { timeout: 10_000 }).toBe('Answered by Bob')
    // Finishing Bob's conversation asks the admin first; cancelling leaves it with Bob.
    await admin.getByRole('button', { name: 'Finish' }).click()
    const finishing = admin.getByRole('dialog', { name: 'Finish this conversation?' })
    await expect.poll(() => finishing.innerText()).toContain('Bob is answering this conversation.')
    await finishing.getByRole('button', { name: 'Cancel' }).click()
    expect(await owner(admin).innerText()).toBe('Answered by Bob')

    // Bob finishes it with the keyboard.
    await other.getByRole('heading', { name: /./ }).first().click()
    await other.keyboard.press('f')
    await expect.poll(() => owner(other).innerText()).toBe('Finished')
    await other.getByRole('navigation', { name: 'Lists' }).getByRole('link', { name: 'Finished' }).click()
    await expect.poll(() => rowsOf(other).innerText()).toContain('Can someone help me?')

    // The visitor writes again: back to Unanswered, nobody's.
    await visitor.page.getByRole('textbox', { name: 'Message' }).fill('One more thing')
    await visitor.page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await expect.poll(() => owner(other).innerText(), { timeout: 10_000 }).toBe('Unanswered')
    expect(await other.getByRole('button', { name: 'Take' }).isVisible()).toBe(true)
    await admin.getByRole('navigation', { name: 'Lists' }).getByRole('link', { name: 'Unanswered' }).click()
    await expect.poll(() => rowsOf(admin).innerText(), { timeout: 10_000 }).toContain('One more thing')
  })

  it("says whose a conversation is by the reply box, and replying into another agent's asks to take it over first", async () => {
    const visitor = await visitorWritesText('Who will answer me?')
    const path = `/api/conversations/${visitor.conversationId}`
    expect((await api(server.url, adminCookie, `${path}/take`, { method: 'POST', body: {} })).status).toBe(200)
    const other = await inboxOf(bob)
    await openConversation(other, 'active', visitor.conversationId)
    await expect.poll(() => other.locator('.composer').innerText()).toContain('Owned by Admin')

    const reply = other.getByRole('textbox', { name: 'Reply' })
    await reply.fill('I can help')
    await reply.press('Enter')
    const confirm = other.getByRole('dialog', { name: 'Take over from Admin?' })
    await expect.poll(() => confirm.isVisible()).toBe(true)
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => confirm.isVisible()).toBe(false)
    expect(await reply.inputValue()).toBe('I can help')
    expect(await owner(other).innerText()).toBe('Answered by Admin')

    await reply.fill('I can help you')
    await reply.press('Enter')
    await confirm.getByRole('button', { name: 'Take over and send' }).click()
    await expect.poll(() => visitor.page.getByRole('log').innerText(), { timeout: 10_000 }).toContain('I can help you')
    await expect.poll(() => owner(other).innerText()).toBe('You are answering')
    expect(await reply.inputValue()).toBe('')
    expect(await other.locator('.composer').innerText()).not.toContain('Owned by')
    // Cancelling sent nothing: Bob's one message is the one he confirmed.
    const { body } = await api(server.url, adminCookie, path)
    const fromAgents = body.conversation.messages.filter((message: { author: string }) => message.author === 'agent')
    expect(fromAgents.map((message: { text: string }) => message.text)).toEqual(['I can help you'])
    expect(body.conversation.assigneeId).toBe(bobId)
  })

  it("counts a row's unread messages exactly when another agent reads only part of them", async () => {
    const visitor = await visitorWritesText('First question')
    await visitor.page.getByRole('textbox', { name: 'Message' }).fill('Second question')
    await visitor.page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await adminSocket.nextWhere('message.created', (frame) => frame.message.text === 'Second question', 10_000)
    const other = await inboxOf(bob)
    const row = rowsOf(other).locator(`[data-conversation="${visitor.conversationId}"]`)
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('2 unread')

    const path = `/api/conversations/${visitor.conversationId}`
    const { body } = await api(server.url, adminCookie, path)
    const first = body.conversation.messages.find((message: { text: string }) => message.text === 'First question')
    expect((await api(server.url, adminCookie, `${path}/read`, { method: 'POST', body: { seq: first.seq } })).status).toBe(204)
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('1 unread')
  })

  it("shows another agent viewing the conversation, and each one's typing to the other and to the visitor", async () => {
    const visitor = await visitorWritesText('Is anyone reading this?')
    const admin = await inboxOf()
    const other = await inboxOf(bob)
    await openConversation(admin, 'unanswered', visitor.conversationId)
    await openConversation(other, 'unanswered', visitor.conversationId)
    const adminLive = admin.locator('p.live')
    await expect.poll(() => adminLive.innerText(), { timeout: 10_000 }).toBe('Also viewing: Bob')
    await expect.poll(() => other.locator('p.live').innerText(), { timeout: 10_000 }).toBe('Also viewing: Admin')

    // Bob types: the admin and the visitor see it.
    await other.getByRole('textbox', { name: 'Reply' }).pressSequentially('Yes, I am')
    await expect.poll(() => adminLive.innerText(), { timeout: 10_000 }).toContain('Bob is typing…')
    await expect.poll(() => visitor.page.getByRole('dialog', { name: 'Chat' }).innerText(), { timeout: 10_000 }).toContain('Bob is typing…')
    await other.getByRole('textbox', { name: 'Reply' }).press('Enter')
    await expect.poll(() => adminLive.innerText(), { timeout: 10_000 }).not.toContain('typing')

    // The visitor types: both agents see it.
    await visitor.page.getByRole('textbox', { name: 'Message' }).pressSequentially('Great')
    await expect.poll(() => adminLive.innerText(), { timeout: 10_000 }).toContain('The visitor is typing…')

    // Bob leaves the conversation: the admin no longer sees him there.
    await other.evaluate(`location.hash = '#/inbox/unanswered'`)
    await expect.poll(() => adminLive.innerText(), { timeout: 10_000 }).not.toContain('Also viewing')
  })

  it('edits priority, tags and group, keeps private notes, inserts canned responses, searches, and counts unread in the title', async () => {
    const canned = await api(server.url, adminCookie, '/api/canned-responses', {
      method: 'POST',
      body: { shortcut: 'refund', title: 'Refund policy', text: 'Refunds take five working days.' },
    })
    expect(canned.status).toBe(201)
    const visitor = await visitorWritesText('I want my money back')
    const admin = await inboxOf()
    const other = await inboxOf(bob)
    // Bob is not looking at it: the visitor's message is unread in his tab title.
    await expect.poll(() => other.title(), { timeout: 10_000 }).toMatch(/^\(\d+\) Porchlight inbox$/)

    await openConversation(admin, 'unanswered', visitor.conversationId)
    await admin.getByLabel('Priority').selectOption('urgent')
    await admin.getByLabel('Tags').fill('Billing, refund')
    await admin.getByLabel('Group').fill('Payments')
    await admin.getByRole('button', { name: 'Save details' }).click()
    await expect.poll(() => rowsOf(other).innerText(), { timeout: 10_000 }).toContain('Urgent')
    await openConversation(other, 'unanswered', visitor.conversationId)
    await expect.poll(() => other.getByLabel('Tags').inputValue()).toBe('billing, refund')
    expect(await other.getByLabel('Group').inputValue()).toBe('Payments')

    // A private note reaches the other agent live, and never the visitor.
    await admin.getByRole('textbox', { name: 'Note' }).fill('Ordered twice by mistake')
    await admin.getByRole('button', { name: 'Add note' }).click()
    await expect
      .poll(() => other.getByRole('list', { name: 'Private notes' }).innerText(), { timeout: 10_000 })
      .toContain('Ordered twice by mistake')
    expect(await visitor.page.getByRole('dialog', { name: 'Chat' }).innerText()).not.toContain('Ordered twice')

    // A canned response, found with a slash and a word of its title.
    const reply = admin.getByRole('textbox', { name: 'Reply' })
    await reply.pressSequentially('/pol')
    const suggestions = admin.getByRole('listbox', { name: 'Canned responses' })
    await expect.poll(() => suggestions.innerText()).toContain('Refund policy')
    await reply.press('Enter')
    expect(await reply.inputValue()).toBe('Refunds take five working days.')
    await reply.press('Enter')
    await expect.poll(() => visitor.page.getByRole('log').innerText(), { timeout: 10_000 }).toContain('Refunds take five working days.')

    // Search by message text.
    await visitorWritesText('A different question')
    await admin.keyboard.press('Escape')
    await admin.getByRole('heading', { name: 'Inbox' }).click()
    await admin.keyboard.press('q')
    await admin.getByRole('searchbox', { name: 'Search conversations' }).fill('different')
    await admin.getByRole('navigation', { name: 'Lists' }).getByRole('link', { name: 'Unanswered' }).click()
    await expect
      .poll(() => rowsOf(admin).getByRole('link').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('A different question')])
    // A search looks in every list: from Finished, it finds the conversation the admin answered.
    await admin.getByRole('navigation', { name: 'Lists' }).getByRole('link', { name: 'Finished' }).click()
    await admin.getByRole('searchbox', { name: 'Search conversations' }).fill('money back')
    await expect
      .poll(() => rowsOf(admin).getByRole('link').allInnerTexts(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Refunds take five working days.')])
    expect(await admin.locator('p.list-status').innerText()).toBe('1 conversation found in every list')
    await admin.getByRole('searchbox', { name: 'Search conversations' }).fill('m')
    await expect.poll(() => admin.locator('p.list-status').innerText()).toBe('Type at least 2 characters to search.')
  })

  it("an admin's force-logout sends the agent's inbox back to sign-in at once", async () => {
    const other = await inboxOf(bob)
    const forced = await api(server.url, adminCookie, `/api/agents/${bobId}/logout`, { method: 'POST' })
    expect(forced.status).toBe(204)
    await expect.poll(() => other.getByRole('button', { name: 'Sign in' }).isVisible(), { timeout: 10_000 }).toBe(true)
    expect(await other.getByRole('status').allInnerTexts()).toContain('Your session ended. Sign in again.')
  })
})
