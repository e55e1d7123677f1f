import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { admin, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'
import { screenshot, seriousViolations, startInboxServer } from './support/inbox.js'

let chromium: AttachedChromium
let server: TestServer
beforeAll(async () => {
  chromium = await startAttachedChromium()
  server = await startInboxServer({ rateLimits: { loginAttemptsPerMinute: 4 } })
})
afterAll(async () => {
  await server?.close()
  await chromium?.close()
})

describe('signing in to the inbox', () => {
  it('shows a wrong password as an alert, signs in, keeps the session across a reload, and signs out', async () => {
    const context = await chromium.browser.newContext()
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('console', (message) => message.type() === 'error' && !message.text().includes('401') && problems.push(message.text()))
    await page.goto(`${server.url}/inbox`)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'inbox-sign-in')

    await page.getByRole('textbox', { name: 'Email' }).fill(admin.email)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('do not match')
    expect(await seriousViolations(page)).toEqual([])

    await page.getByLabel('Password').fill(admin.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const nav = page.getByRole('navigation', { name: 'Main' })
    await expect.poll(() => nav.innerText()).toMatch(/Inbox\s+Analytics\s+Settings\s+Profile/)

    await page.reload()
    await expect.poll(() => nav.isVisible()).toBe(true)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true)
    await page.reload()
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })

  it('tells a rate-limited person how long to wait', async () => {
    const context = await chromium.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${server.url}/inbox`)
    await page.getByRole('textbox', { name: 'Email' }).fill('someone@example.com')
    await page.getByLabel('Password').fill('wrong')
    const alert = page.getByRole('alert')
    // The limit is per address over a minute, shared with the other test: sign-ins fail until it bites.
    for (let attempt = 0; attempt < 6 && !((await alert.isVisible()) && (await alert.innerText()).includes('Too many')); attempt++) {
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true)
    }
    expect(await alert.innerText()).toMatch(/Too many sign-in attempts\. Try again in \d+ seconds\./)
    await context.close()
  })
})
