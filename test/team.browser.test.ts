import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { connectAgent } from '../packages/server/test/support/frame-socket.js'
import { api, login, startServer, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'

// A short offline grace: an agent whose inbox socket closes counts as gone within a second.
const offlineGrace = 500

let chromium: AttachedChromium
let server: TestServer

beforeAll(async () => {
  chromium = await startAttachedChromium()
})
afterAll(async () => {
  await chromium?.close()
})
beforeEach(async () => {
  server = await startServer({ timings: { offlineGrace } })
})
afterEach(async () => {
  for (const page of chromium.context.pages()) await page.close().catch(() => {})
  await server.close()
})

describe('the team’s availability in a real page', () => {
  it('the chat header changes live as an agent’s inbox socket connects and disconnects', async () => {
    const page = await chromium.context.newPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: 'Open chat' }).click()
    const chat = page.getByRole('dialog', { name: 'Chat' })
    await chat.getByText('We’ll reply by email', { exact: true }).waitFor()

    const inbox = await connectAgent(server.wsUrl, await login(server.url))
    await chat.getByText('We usually reply in a few minutes', { exact: true }).waitFor()

    inbox.close()
    await chat.getByText('We’ll reply by email', { exact: true }).waitFor()
    expect(await chat.getByText('We usually reply in a few minutes', { exact: true }).count()).toBe(0)
  })

  it('a site that asks hides the launcher until an agent is online', async () => {
    const cookie = await login(server.url)
    await api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { widget: { hideLauncherWhenTeamOffline: true } } })
    const page = await chromium.context.newPage()
    await page.goto(`${server.url}/`)
    const launcher = page.getByRole('button', { name: 'Open chat' })
    // The widget is there (its dialog is in the DOM), only its launcher is hidden.
    await page.locator('#porchlight').waitFor({ state: 'attached' })
    await launcher.waitFor({ state: 'hidden' })
    const inbox = await connectAgent(server.wsUrl, cookie)
    await launcher.waitFor({ state: 'visible' })
    inbox.close()
    await launcher.waitFor({ state: 'hidden' })
  })
})
