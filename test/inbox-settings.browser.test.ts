import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectVisitor } from '../packages/server/test/support/frame-socket.js'
import { admin, api, login, type TestServer } from '../packages/server/test/support/start-server.js'
import { WebhookReceiver } from '../packages/server/test/support/webhook-receiver.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'
import { openInbox, screenshot, seriousViolations, startInboxServer } from './support/inbox.js'

let chromium: AttachedChromium
let server: TestServer
let receiver: WebhookReceiver
let cookie: string
let page: Page
const problems: string[] = []

beforeAll(async () => {
  chromium = await startAttachedChromium()
  receiver = await WebhookReceiver.start()
  server = await startInboxServer({ webhooks: { allowPrivateAddresses: true }, rateLimits: { loginAttemptsPerMinute: 100 } })
  cookie = await login(server.url)
})
afterAll(async () => {
  expect(problems).toEqual([])
  // The inbox first: a page left open keeps reconnecting to a server that is closing.
  await page?.context().close()
  await server?.close()
  await receiver?.close()
  await chromium?.close()
})

/**
 * Polls until the assertion holds, for up to 10 s: long enough for a round trip on a machine busy with
 * other test runs (the default second is not).
 */
function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000 })
}

/** Opens a settings section from the two navigations, as a person would. */
async function openSettings(section: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section }).click()
  await eventually(() => page.getByRole('heading', { level: 2, name: section }).isVisible()).toBe(true)
}

/** The screen has no serious or critical accessibility violation; its screenshot is saved. */
async function accessible(name: string, on = page) {
  expect(await seriousViolations(on)).toEqual([])
  await screenshot(on, name)
}

describe('the settings pages, in Chromium', () => {
  it('team: an admin adds an agent, who shows offline, and edits them', async () => {
    // The admin's inbox stays open through the tests, as through a shift.
    page = await openInbox(chromium, server.url)
    page.on('pageerror', (error) => problems.push(error.message))
    await openSettings('Team')
    const agents = page.getByRole('table', { name: 'Agents' })
    await eventually(() => agents.innerText()).toContain(admin.email)

    const form = page.getByRole('form', { name: 'Add an agent' })
    await form.getByLabel('Email').fill('bob@example.com')
    await form.getByLabel('Name', { exact: true }).fill('Bob')
    await form.getByLabel('Role').selectOption('agent')
    await form.getByLabel('Initial password').fill('bob password 1')
    await form.getByRole('button', { name: 'Add agent' }).click()
    await eventually(() => form.getByRole('status').innerText()).toBe('Bob can now sign in as bob@example.com.')
    const bob = agents.locator('tr', { hasText: 'bob@example.com' })
    expect(await bob.innerText()).toMatch(/Bob\s+bob@example\.com\s+Agent\s+Offline/)

    // The server's coded error shows next to the form: the address is taken, whatever its case.
    await form.getByLabel('Email').fill('BOB@example.com')
    await form.getByLabel('Name', { exact: true }).fill('Bobby')
    await form.getByLabel('Initial password').fill('another password')
    await form.getByRole('button', { name: 'Add agent' }).click()
    await eventually(() => form.getByRole('alert').innerText()).not.toBe('')

    await bob.getByRole('button', { name: 'Edit Bob' }).click()
    const edit = page.getByRole('form', { name: 'Edit Bob' })
    await edit.getByLabel('Name', { exact: true }).fill('Robert')
    await edit.getByRole('button', { name: 'Save' }).click()
    await eventually(() => bob.innerText()).toContain('Robert')
    await accessible('inbox-settings-team')
    // Closing the form gives the keyboard back to the button that opened it.
    await page.getByRole('form', { name: 'Edit Robert' }).getByRole('button', { name: 'Close' }).click()
    expect(await bob.getByRole('button', { name: 'Edit Robert' }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(
      true,
    )

    const { body } = await api(server.url, cookie, '/api/agents')
    expect(body.agents.find((agent: { email: string }) => agent.email === 'bob@example.com')).toMatchObject({
      name: 'Robert',
      role: 'agent',
      disabled: false,
    })
  })

  it('sites: origins, two-way chat and a duration change take effect; the identity secret is shown once', async () => {
    await openSettings('Sites')
    const origins = page.getByRole('form', { name: 'Name and origins' })
    await origins.getByLabel('Allowed origins').fill('https://shop.example\nHTTPS://www.shop.example:443')
    await origins.getByRole('button', { name: 'Save name and origins' }).click()
    await eventually(() => origins.getByRole('status').innerText()).toBe('Saved.')

    const widget = page.getByRole('form', { name: 'Chat widget' })
    await widget.getByLabel('Two-way chat: visitors can write').uncheck()
    await widget.getByRole('button', { name: 'Save chat widget' }).click()
    await eventually(() => widget.getByRole('status').innerText()).toBe('Saved.')

    const presence = page.getByRole('form', { name: 'Presence timings' })
    const grace = presence.getByLabel('Offline grace')
    await grace.fill('45')
    expect(await presence.getByText('45 milliseconds.').isVisible()).toBe(true)
    await presence.getByRole('button', { name: 'Save presence timings' }).click()
    await eventually(() => presence.getByRole('alert').innerText()).toContain('presence.offlineGrace accepts a duration')
    await grace.fill('45s')
    expect(await presence.getByText('45 seconds.').isVisible()).toBe(true)
    await presence.getByRole('button', { name: 'Save presence timings' }).click()
    await eventually(() => presence.getByRole('status').innerText()).toBe('Saved.')

    const identity = page.getByRole('region', { name: 'Identity verification' })
    expect(await identity.innerText()).toContain('No identity secret yet.')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    await identity.getByRole('button', { name: 'Generate secret' }).click()
    const secretField = identity.getByRole('textbox', { name: 'Identity secret' })
    await eventually(() => secretField.isVisible()).toBe(true)
    const secret = await secretField.inputValue()
    expect(secret.length).toBeGreaterThanOrEqual(32)
    expect(await identity.innerText()).toContain('you will not see it again')
    await identity.getByRole('button', { name: 'Copy' }).click()
    await eventually(() => identity.getByText('Copied to the clipboard.').isVisible()).toBe(true)
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret)
    await accessible('inbox-settings-site-secret')

    const { body } = await api(server.url, cookie, '/api/sites/default')
    expect(body.site).toMatchObject({
      allowedOrigins: ['https://shop.example', 'https://www.shop.example'],
      identity: { secretSet: true },
      widget: { twoWayChat: false },
    })
    expect(body.site.presence.offlineGrace).toBe(45_000)
    expect(JSON.stringify(body)).not.toContain(secret)

    // Shown once: gone when dismissed, and not there after a reload either.
    await identity.getByRole('button', { name: 'I have copied it' }).click()
    expect(await secretField.count()).toBe(0)
    await page.reload()
    await eventually(() => page.getByRole('region', { name: 'Identity verification' }).innerText()).toContain('An identity secret is set.')
    expect(await page.getByRole('button', { name: 'Rotate secret' }).isVisible()).toBe(true)
    expect(await page.getByRole('textbox', { name: 'Identity secret' }).count()).toBe(0)
    expect(await page.getByRole('form', { name: 'Chat widget' }).getByLabel('Two-way chat: visitors can write').isChecked()).toBe(false)
    expect(await page.getByRole('form', { name: 'Presence timings' }).getByLabel('Offline grace').inputValue()).toBe('45s')
    await accessible('inbox-settings-site')
  })

  it('webhooks: an admin adds one, tests it, reads its delivery log, disables and deletes it', async () => {
    await openSettings('Webhooks')
    const form = page.getByRole('form', { name: 'Add a webhook' })
    await form.getByLabel('Endpoint URL').fill(`${receiver.url}/hooks`)
    await form.getByLabel(/presence\.changed/).uncheck()
    await form.getByRole('button', { name: 'Add webhook' }).click()
    const signing = form.getByRole('textbox', { name: 'Signing secret' })
    await eventually(() => signing.isVisible()).toBe(true)
    expect(await signing.inputValue()).toMatch(/^whsec_/)

    const endpoint = page.getByRole('table', { name: 'Endpoints' }).locator('tr', { hasText: `${receiver.url}/hooks` })
    expect(await endpoint.innerText()).not.toContain('presence.changed')
    await endpoint.getByRole('button', { name: 'Send test' }).click()
    expect(JSON.parse((await receiver.next()).body)).toMatchObject({ type: 'ping' })
    const log = page.getByRole('region', { name: `Delivery log of ${receiver.url}/hooks` })
    await eventually(async () => {
      await log.getByRole('button', { name: 'Refresh' }).click()
      return log.getByRole('table', { name: 'Deliveries, newest first' }).innerText()
    }).toMatch(/ping\s+Delivered\s+1\s+HTTP 200/)
    await accessible('inbox-settings-webhooks')

    await endpoint.getByRole('button', { name: 'Disable' }).click()
    await eventually(() => endpoint.innerText()).toContain('Disabled')
    const { body } = await api(server.url, cookie, '/api/sites/default/webhooks')
    expect(body.webhooks).toMatchObject([{ url: `${receiver.url}/hooks`, enabled: false }])

    await endpoint.getByRole('button', { name: 'Delete' }).click()
    const dialog = page.getByRole('dialog', { name: /Delete the webhook/ })
    // The keyboard: Cancel has the focus, Escape closes.
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((button) => button === button.ownerDocument.activeElement)).toBe(
      true,
    )
    await page.keyboard.press('Escape')
    await eventually(() => dialog.isVisible()).toBe(false)
    await endpoint.getByRole('button', { name: 'Delete' }).click()
    await dialog.getByRole('button', { name: 'Delete' }).click()
    await eventually(() => page.getByText('This site has no webhooks yet.').isVisible()).toBe(true)
    expect((await api(server.url, cookie, '/api/sites/default/webhooks')).body.webhooks).toEqual([])
  })

  it('canned responses: add, refuse a repeated shortcut, edit; monitoring: addresses and a threshold', async () => {
    await openSettings('Canned responses')
    const add = page.getByRole('form', { name: 'Add a canned response' })
    const fill = async (shortcut: string, title: string, text: string) => {
      await add.getByLabel('Shortcut').fill(shortcut)
      await add.getByLabel('Title').fill(title)
      await add.getByLabel('Text').fill(text)
      await add.getByRole('button', { name: 'Add canned response' }).click()
    }
    await fill('thanks', 'Thanks', 'Thanks for waiting!')
    await eventually(() => add.getByRole('status').innerText()).toBe('Added /thanks.')
    await fill('thanks', 'Again', 'Twice')
    await eventually(() => add.getByRole('alert').isVisible()).toBe(true)
    const table = page.getByRole('table', { name: 'Canned responses' })
    await table.getByRole('button', { name: 'Edit /thanks' }).click()
    const edit = page.getByRole('form', { name: 'Edit /thanks' })
    await edit.getByLabel('Title').fill('Thank you')
    await edit.getByRole('button', { name: 'Save' }).click()
    await eventually(() => table.innerText()).toMatch(/\/thanks\s+Thank you\s+Thanks for waiting!/)
    await accessible('inbox-settings-canned-responses')
    const { body: canned } = await api(server.url, cookie, '/api/canned-responses')
    expect(canned.cannedResponses).toMatchObject([{ shortcut: 'thanks', title: 'Thank you', text: 'Thanks for waiting!' }])

    await openSettings('Monitoring')
    const monitoring = page.getByRole('form', { name: 'Team alerts' })
    await monitoring.getByLabel('Alert addresses').fill('ops@example.com\noncall@example.com')
    await monitoring.getByLabel('Alert when no agent has been online for').fill('2m')
    expect(await monitoring.getByText('2 minutes.').isVisible()).toBe(true)
    await monitoring.getByRole('button', { name: 'Save team alerts' }).click()
    await eventually(() => monitoring.getByRole('status').innerText()).toBe('Saved.')
    await accessible('inbox-settings-monitoring')
    const { body } = await api(server.url, cookie, '/api/monitoring')
    expect(body).toMatchObject({ addresses: ['ops@example.com', 'oncall@example.com'], offlineAfter: 120_000, onlineAfter: 60_000 })
  })

  it('analytics: the numbers with their definitions, over 24 hours or 7 days', async () => {
    await api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { allowedOrigins: null, widget: { twoWayChat: true } } })
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'a1', text: 'Is anyone there?' })
    const { conversationId } = await visitor.next('message.ack')
    const reply = await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      body: { text: 'Yes!' },
    })
    expect(reply.status).toBe(201)
    visitor.close()

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click()
    const figure = (term: string) => page.locator('.figures > div', { has: page.getByRole('term').getByText(term, { exact: true }) })
    await eventually(() => figure('Answered').innerText()).toMatch(/^Answered\s+1\s+Conversations with at least one agent message/)
    expect(await figure('Finished').innerText()).toMatch(/^Finished\s+0\s/)
    expect(await figure('Average handling time').innerText()).toContain('None yet')
    expect(await figure('Average response time').innerText()).toMatch(/\d+ (milli)?seconds?/)
    const week = page.waitForResponse((response) => response.url().includes('/api/analytics?hours=168'))
    await page.getByLabel('Period').selectOption({ label: 'Last 7 days' })
    expect((await week).status()).toBe(200)
    await accessible('inbox-analytics')
  })

  it('an agent shows online, sees no admin page, changes their own name and password; an admin signs them out', async () => {
    await openSettings('Team')
    const row = page.getByRole('table', { name: 'Agents' }).locator('tr', { hasText: 'bob@example.com' })
    await eventually(() => row.innerText()).toContain('Offline')
    const agent = await openInbox(chromium, server.url, { email: 'bob@example.com', password: 'bob password 1' })
    // Live, from the agent socket: the admin's page does not reload.
    await eventually(() => row.innerText()).toContain('Online')
    agent.on('pageerror', (error) => problems.push(error.message))
    const nav = agent.getByRole('navigation', { name: 'Main' })
    expect(await nav.innerText()).toMatch(/^Inbox\s+Analytics\s+Profile$/)
    await agent.goto(`${server.url}/inbox#/settings/team`)
    await eventually(() => agent.getByText('Only admins can change the settings.').isVisible()).toBe(true)
    expect(await agent.getByRole('navigation', { name: 'Settings' }).count()).toBe(0)
    expect(await agent.getByRole('table').count()).toBe(0)
    await accessible('inbox-settings-refused', agent)

    await nav.getByRole('link', { name: 'Profile' }).click()
    const name = agent.getByRole('form', { name: 'Your name' })
    await name.getByLabel('Name').fill('Bob B.')
    await name.getByRole('button', { name: 'Save name' }).click()
    await eventually(() => name.getByRole('status').innerText()).toBe('Saved.')
    expect(await agent.locator('.top').innerText()).toContain('Bob B.')
    const password = agent.getByRole('form', { name: 'Your password' })
    await password.getByLabel('Current password').fill('bob password 1')
    await password.getByLabel('New password', { exact: true }).fill('bob password 2')
    await password.getByLabel('Repeat the new password').fill('bob password 3')
    await password.getByRole('button', { name: 'Change password' }).click()
    await eventually(() => password.getByRole('alert').innerText()).toBe('The new password and its repetition differ.')
    await password.getByLabel('Repeat the new password').fill('bob password 2')
    await password.getByRole('button', { name: 'Change password' }).click()
    await eventually(() => password.getByRole('status').innerText()).toContain('Password changed.')
    await accessible('inbox-profile', agent)
    await login(server.url, { email: 'bob@example.com', password: 'bob password 2' })

    // A name change reaches the admin's page live (an agent.updated frame), without a reload.
    await eventually(() => row.innerText()).toContain('Bob B.')
    await row.getByRole('button', { name: 'Force sign-out of Bob B.' }).click()
    await page.getByRole('dialog', { name: 'Sign Bob B. out?' }).getByRole('button', { name: 'Sign them out' }).click()
    await eventually(() => row.getByRole('status').innerText()).toBe('Bob B. was signed out of every session.')
    await eventually(() => agent.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true)
    await agent.context().close()
  })
})
