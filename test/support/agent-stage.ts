import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type { PorchlightOptions } from '../../packages/server/src/config/options.js'
import { connectAgent, type FrameSocket } from '../../packages/server/test/support/frame-socket.js'
import { login, startServer, type TestServer } from '../../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './attached-chromium.js'

// The stage of a browser test with one agent: live bindings, set by the hooks of useAgentStage().

/** Chromium, for the whole file. */
export let chromium: AttachedChromium
/** A fresh server for each test. */
export let server: TestServer
/** The admin's session cookie. */
export let cookie: string
/** The admin's socket on `/ws/agent`. */
export let agent: FrameSocket

/**
 * Registers the hooks that set the stage: Chromium for the file; for each test a new server with
 * `options`, the admin signed in and on an agent socket; after it, every page closed and the server
 * gone with its data.
 */
export function useAgentStage(options: Partial<PorchlightOptions> = {}): void {
  beforeAll(async () => {
    chromium = await startAttachedChromium()
  })
  afterAll(async () => {
    await chromium?.close()
  })
  beforeEach(async () => {
    server = await startServer(options)
    cookie = await login(server.url)
    agent = await connectAgent(server.wsUrl, cookie)
  })
  afterEach(async () => {
    agent.close()
    for (const page of chromium.context.pages()) await page.close().catch(() => {})
    await server.close()
  })
}

/** The demo page in a new tab (in front, so visible) with the panel open and the visitor's first message, "hello", sent. */
export async function chatting(): Promise<{ page: Page; conversationId: string }> {
  const page = await chromium.context.newPage()
  await page.goto(`${server.url}/`)
  await page.getByRole('button', { name: 'Open chat' }).click()
  await page.getByRole('textbox', { name: 'Message' }).fill('hello')
  await page.getByRole('textbox', { name: 'Message' }).press('Enter')
  const { conversation } = await agent.next('conversation.created', 10_000)
  return { page, conversationId: conversation.id }
}
