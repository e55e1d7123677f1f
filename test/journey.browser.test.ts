import type { BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { connectAgent, type FrameSocket } from '../packages/server/test/support/frame-socket.js'
import { startSmtpSink, type SmtpSink } from '../packages/server/test/support/smtp-sink.js'
import { api, login, startServer, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'

// The whole journey of issue 7, as people make it: the real widget.js on the demo page, a real SMTP
// server, the email's own link in another browser. The follow-up delay is long; the server's clock is
// moved past it instead of waiting.
const delay = 60_000
let chromium: AttachedChromium
let server: TestServer
let smtp: SmtpSink
let agent: FrameSocket | undefined
const contexts: BrowserContext[] = []
beforeAll(async () => {
  chromium = await startAttachedChromium()
})
afterAll(async () => {
  await chromium?.close()
})
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close()
  agent?.close()
  await server?.close()
  await smtp?.close()
})

async function newBrowser() {
  const context = await chromium.browser.newContext()
  contexts.push(context)
  return context
}

it('a visitor who left gets the reply by email, and its link continues the conversation in another browser, once', async () => {
  let offset = 0
  smtp = await startSmtpSink()
  server = await startServer({
    smtpUrl: smtp.url,
    clock: () => Date.now() + offset,
    timings: { followupDelay: delay },
    jobs: { pollInterval: 20 },
  })
  const cookie = await login(server.url)
  agent = await connectAgent(server.wsUrl, cookie)

  // A visitor chats and gives an email in the widget's one optional field.
  const first = await (await newBrowser()).newPage()
  // The page had a fragment of its own: the token joins it, and leaves it as it was.
  const startPage = `${server.url}/?from=journey#faq`
  await first.goto(startPage)
  await first.getByRole('button', { name: 'Open chat' }).click()
  const dialog = first.getByRole('dialog', { name: 'Chat' })
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Can I change my delivery address?')
  await dialog.getByRole('textbox', { name: 'Message' }).press('Enter')
  const { message: question } = await agent.nextWhere(
    'message.created',
    (frame) => frame.message.text === 'Can I change my delivery address?',
    10_000,
  )
  const conversationId = question.conversationId as string
  await dialog.getByRole('textbox', { name: 'Email' }).fill('ada@example.com')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await agent.nextWhere('conversation.updated', (frame) => frame.conversation.visitor.email === 'ada@example.com', 10_000)

  // They close the tab; the agent replies.
  await first.close({ runBeforeUnload: true })
  const reply = await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    body: { text: 'Yes: reply with the new address & we <b>update</b> it.' },
  })
  expect(reply.status).toBe(201)
  const replySeq = reply.body.message.seq as number
  await expect
    .poll(async () => (await api(server.url, cookie, `/api/conversations/${conversationId}/followups`)).body.state?.state)
    .toBe('scheduled')

  // The delay passes: one email over SMTP, with the reply and a link back.
  offset += delay + 1
  const mail = await smtp.next()
  expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('ada@example.com')
  expect(mail.text).toContain('Yes: reply with the new address & we <b>update</b> it.')
  expect(mail.html).toContain('we &lt;b&gt;update&lt;/b&gt; it.')
  const link = /Continue the conversation: (\S+)/.exec(mail.text ?? '')![1]!
  expect(link.startsWith(`${startPage}&porchlight=`)).toBe(true)

  // The link, opened in another browser, shows the conversation with the reply, and no fragment.
  const second = await (await newBrowser()).newPage()
  await second.goto(link)
  const resumed = second.getByRole('dialog', { name: 'Chat' })
  await expect.poll(() => resumed.isVisible(), { timeout: 10_000 }).toBe(true)
  await expect.poll(() => resumed.getByRole('log').innerText(), { timeout: 10_000 }).toContain('we <b>update</b> it.')
  expect(await resumed.getByRole('log').innerText()).toContain('Can I change my delivery address?')
  expect(second.url()).toBe(startPage)

  // The agent sees the reply as seen: live, and in the conversation.
  await agent.nextWhere(
    'receipt.read',
    (frame) => frame.conversationId === conversationId && frame.reader.type === 'visitor' && frame.seq >= replySeq,
    10_000,
  )
  const conversation = (await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation
  expect(conversation.readWatermarks.visitor).toBeGreaterThanOrEqual(replySeq)

  // The same link a second time does not open the conversation.
  const third = await (await newBrowser()).newPage()
  await third.goto(link)
  const refused = third.getByRole('dialog', { name: 'Chat' })
  await expect.poll(() => refused.isVisible(), { timeout: 10_000 }).toBe(true)
  await expect.poll(() => refused.innerText()).toContain('This return link has been used already')
  expect(await refused.getByRole('log').innerText()).not.toContain('update')
  expect(third.url()).toBe(startPage)
  // One email, and no other since.
  expect(smtp.mails).toHaveLength(0)
})
