import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { connectVisitor, type FrameSocket, connectAgent } from '../packages/server/test/support/frame-socket.js'
import { api, login, startServer, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'

// Short timings so that every rule shows within seconds (a heartbeat long enough that a loaded CI
// machine's late timers stay small next to it).
const heartbeatInterval = 1_000
const offlineGrace = 1_000
const awayAfter = 500

let chromium: AttachedChromium
let server: TestServer
let agent: FrameSocket
let cookie: string

beforeAll(async () => {
  chromium = await startAttachedChromium()
})
afterAll(async () => {
  await chromium?.close()
})
beforeEach(async () => {
  server = await startServer({ timings: { heartbeatInterval, offlineGrace, awayAfter } })
  cookie = await login(server.url)
  agent = await connectAgent(server.wsUrl, cookie)
})
afterEach(async () => {
  agent.close()
  for (const page of chromium.context.pages()) await page.close().catch(() => {})
  await chromium.context.setOffline(false)
  await server.close()
})

/** The next presence change the agent socket sees for this visitor (or any visitor), and when it came. */
async function nextPresence(visitorId?: string, timeout = 10_000) {
  const frame = await agent.nextWhere('presence.changed', (f) => visitorId === undefined || f.visitorId === visitorId, timeout)
  return { visitorId: frame.visitorId as string, state: frame.presence.state, reason: frame.presence.reason, at: Date.now() }
}

/** Opens the demo page in a new tab (which hides the tab that was in front) and waits for it online. */
async function openDemo(): Promise<{ page: Page; visitorId: string }> {
  const page = await chromium.context.newPage()
  await page.goto(`${server.url}/`)
  const online = await nextPresence()
  expect([online.state, online.reason]).toEqual(['online', 'visible'])
  return { page, visitorId: online.visitorId }
}

/** Writes a message through the widget so that the visitor has a conversation with a timeline. */
async function startConversation(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Open chat' }).click()
  await page.getByRole('textbox', { name: 'Message' }).fill('hello')
  await page.getByRole('textbox', { name: 'Message' }).press('Enter')
  const created = await agent.next('conversation.created')
  return created.conversation.id
}

describe('presence of a real page in Chromium', () => {
  it('turns a hidden tab away and online again when it comes back to the front', async () => {
    const { page, visitorId } = await openDemo()
    const other = await chromium.context.newPage() // the demo tab is now hidden
    const away = await nextPresence(visitorId)
    expect([away.state, away.reason]).toEqual(['away', 'tab_hidden'])
    await page.bringToFront()
    const back = await nextPresence(visitorId)
    expect([back.state, back.reason]).toEqual(['online', 'visible'])
    await other.close()
  })

  it('turns a closed page offline with page_closed within the grace plus one second', async () => {
    const { page, visitorId } = await openDemo()
    const closedAt = Date.now()
    await page.close()
    const offline = await nextPresence(visitorId)
    expect([offline.state, offline.reason]).toEqual(['offline', 'page_closed'])
    expect(offline.at - closedAt).toBeLessThanOrEqual(offlineGrace + 1_000)
  })

  it('turns a page that lost the network offline within two heartbeat intervals, and online when it is back', async () => {
    const { visitorId } = await openDemo()
    const cutAt = Date.now()
    await chromium.context.setOffline(true)
    const offline = await nextPresence(visitorId)
    expect(offline.state).toBe('offline')
    expect(['network_lost', 'heartbeat_timeout']).toContain(offline.reason)
    // Two intervals after the first ping the page cannot answer. Chromium's offline emulation still
    // answers the first protocol ping after the cut (until the page's held application pong blocks the
    // socket), so that is up to one interval after the cut. (The two-interval bound from the moment a
    // socket stops answering is measured exactly in packages/server/test/presence.test.ts.)
    expect(offline.at - cutAt).toBeLessThanOrEqual(3 * heartbeatInterval + 300)
    await chromium.context.setOffline(false)
    const online = await nextPresence(visitorId)
    expect([online.state, online.reason]).toEqual(['online', 'visible'])
  })

  it('records no offline for a reload', async () => {
    const { page, visitorId } = await openDemo()
    const conversationId = await startConversation(page)
    await page.reload()
    // Welcomed again: the conversation is replayed into the reloaded page.
    await page.getByRole('button', { name: 'Open chat' }).click()
    await expect.poll(() => page.getByRole('log').innerText(), { timeout: 10_000 }).toContain('hello')
    // A visitor whose page closes after the reload: an offline the reload caused would come before its own.
    const sentinel = await connectVisitor(server.wsUrl)
    sentinel.visitor.send({ type: 'pagehide', persisted: false })
    sentinel.visitor.socket.close(1000, 'pagehide')
    const changes = await agent.until(
      'presence.changed',
      (f) => f.visitorId === sentinel.welcome.visitorId && f.presence.state === 'offline',
      offlineGrace + 5_000,
    )
    expect(changes).not.toContainEqual(expect.objectContaining({ visitorId, presence: expect.objectContaining({ state: 'offline' }) }))
    const { body } = await api(server.url, cookie, `/api/conversations/${conversationId}/presence`)
    expect(body.timeline.map((entry: { state: string }) => entry.state)).not.toContain('offline')
  })

  it('turns a frozen page away with frozen', async () => {
    const { page, visitorId } = await openDemo()
    const other = await chromium.context.newPage() // freezing needs a hidden page
    expect((await nextPresence(visitorId)).reason).toBe('tab_hidden')
    const cdp = await chromium.context.newCDPSession(page)
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' })
    const frozen = await nextPresence(visitorId)
    expect([frozen.state, frozen.reason]).toEqual(['away', 'frozen'])
    await cdp.send('Page.setWebLifecycleState', { state: 'active' })
    const resumed = await nextPresence(visitorId)
    expect([resumed.state, resumed.reason]).toEqual(['away', 'tab_hidden'])
    await other.close()
  })
})
