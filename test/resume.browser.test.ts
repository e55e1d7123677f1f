import type { BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { connectVisitor } from '../packages/server/test/support/frame-socket.js'
import { startSmtpSink, type SmtpSink } from '../packages/server/test/support/smtp-sink.js'
import { api, login, startServer, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'

const delay = 60_000
let chromium: AttachedChromium
let server: TestServer
let smtp: SmtpSink
const contexts: BrowserContext[] = []
beforeAll(async () => {
  chromium = await startAttachedChromium()
})
afterAll(async () => {
  await chromium?.close()
})
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close()
  await server?.close()
  await smtp?.close()
})

it("opens the conversation from a follow-up email's return link in another browser, once", async () => {
  let offset = 0
  smtp = await startSmtpSink()
  server = await startServer({
    smtpUrl: smtp.url,
    clock: () => Date.now() + offset,
    timings: { followupDelay: delay },
    jobs: { pollInterval: 20 },
  })
  const cookie = await login(server.url)
  const startPage = `${server.url}/?from=pricing#top`
  const { visitor } = await connectVisitor(server.wsUrl, { url: startPage })
  visitor.send({ type: 'identify', email: 'ada@example.com' })
  visitor.send({ type: 'message.send', clientId: 'c1', text: 'Do you ship to Iceland?' })
  const { conversationId } = await visitor.next('message.ack')
  visitor.close()
  const reply = await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    body: { text: 'We do, in 3 days.' },
  })
  await expect
    .poll(async () => (await api(server.url, cookie, `/api/conversations/${conversationId}/followups`)).body.state?.state)
    .toBe('scheduled')
  offset += delay + 1
  const mail = await smtp.next()
  const link = /Continue the conversation: (\S+)/.exec(mail.text ?? '')![1]!
  expect(link.startsWith(`${startPage}&porchlight=`)).toBe(true)

  const elsewhere = await chromium.browser.newContext()
  contexts.push(elsewhere)
  const page = await elsewhere.newPage()
  await page.goto(link)
  const dialog = page.getByRole('dialog', { name: 'Chat' })
  await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true)
  await expect.poll(() => dialog.getByRole('log').innerText(), { timeout: 10_000 }).toContain('We do, in 3 days.')
  expect(await dialog.getByRole('log').innerText()).toContain('Do you ship to Iceland?')
  // The token left the address bar at once; the rest of the fragment stayed.
  expect(page.url()).toBe(startPage)
  const conversation = (await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation
  expect(conversation.readWatermarks.visitor).toBeGreaterThanOrEqual(reply.body.message.seq)

  // The same link again, in yet another browser: refused, and nothing of the conversation shows.
  const third = await chromium.browser.newContext()
  contexts.push(third)
  const again = await third.newPage()
  await again.goto(link)
  const refused = again.getByRole('dialog', { name: 'Chat' })
  await expect.poll(() => refused.isVisible(), { timeout: 10_000 }).toBe(true)
  await expect.poll(() => refused.innerText()).toContain('This return link has been used already')
  expect(await refused.getByRole('log').innerText()).not.toContain('We do, in 3 days.')
  expect(again.url()).toBe(startPage)
})
