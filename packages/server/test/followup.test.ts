import { createHmac } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'
import { afterEach, describe, expect, it } from 'vitest'
import type { PorchlightOptions } from '../src/config/options.js'
import { eventually } from './support/eventually.js'
import { connectAgent, connectVisitor, type FrameSocket } from './support/frame-socket.js'
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'
import { WebhookReceiver } from './support/webhook-receiver.js'

const delay = 60_000
/** The presence timings the tests run with (the defaults, named): a visitor who left has the grace to come back. */
const grace = 10_000
const heartbeat = 10_000
const leftReason = 'the visitor left the chat: it goes after the offline grace unless they come back'
const startPage = 'http://shop.test/pricing?plan=pro#faq'

/** The server's clock: real time, plus jumps the test makes (the jobs run by it). */
function manualClock() {
  let offset = 0
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) }
}

let smtp: SmtpSink
let server: TestServer
let cookie: string
let clock: ReturnType<typeof manualClock>
const sockets: FrameSocket[] = []

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close()
  await server?.close()
  await smtp?.close()
})

async function start(options: { refuse?: { times: number; code: number }; server?: Partial<PorchlightOptions> } = {}) {
  clock = manualClock()
  smtp = await startSmtpSink(options.refuse ? { refuse: options.refuse } : {})
  server = await startServer({
    smtpUrl: smtp.url,
    mailFrom: 'Porchlight <no-reply@chat.test>',
    publicUrl: 'http://chat.test',
    clock: clock.now,
    timings: { followupDelay: delay, resumeLinkTtl: 10 * delay, offlineGrace: grace, heartbeatInterval: heartbeat },
    // One job at a time, in due order: an email due later arriving proves an earlier one would have.
    jobs: { pollInterval: 20, concurrency: 1, retryBase: 10 },
    ...options.server,
  })
  cookie = await login(server.url)
}

/** A visitor who wrote (with an email) from the start page; the panel closed unless `signals` say otherwise. */
async function visitorWhoWrote(name: string, email: string | null, signals?: Record<string, boolean>) {
  const { visitor, welcome } = await connectVisitor(server.wsUrl, { url: startPage, ...(signals && { signals }) })
  sockets.push(visitor)
  if (email !== null) visitor.send({ type: 'identify', name, email })
  visitor.send({ type: 'message.send', clientId: 'c1', text: 'Is the pro plan yearly?' })
  const ack = await visitor.next('message.ack')
  return { visitor, conversationId: ack.conversationId as string, token: welcome.token as string }
}

async function reply(conversationId: string, text: string): Promise<number> {
  const answer = await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text } })
  expect(answer.status).toBe(201)
  await eventually(async () => (await followups(conversationId)).state?.state === 'scheduled')
  return answer.body.message.seq
}

async function followups(conversationId: string) {
  return (await api(server.url, cookie, `/api/conversations/${conversationId}/followups`)).body
}

/**
 * A barrier: a second visitor whose follow-up falls due after everything scheduled so far. Jobs run one
 * at a time in due order, so once its email arrives, every earlier due email has arrived too.
 */
async function barrierVisitor() {
  const { conversationId } = await visitorWhoWrote('Barrier', 'barrier@example.com')
  await reply(conversationId, 'barrier')
  return conversationId
}

/** The one-click unsubscribe address of a follow-up email, on the test server. */
const unsubscribeUrlOf = (mail: ParsedMail) =>
  /<([^>]+)>/.exec(rawHeader(mail, 'list-unsubscribe')!)![1]!.replace('http://chat.test', server.url)

/** A further reply sends no email: the visitor unsubscribed (proved by a barrier email due after it). */
async function expectUnsubscribed(conversationId: string, text: string) {
  await reply(conversationId, text)
  await barrierVisitor()
  clock.advance(delay + 1)
  await nextMailTo('barrier@example.com')
  expect(smtp.mails).toEqual([])
  expect((await followups(conversationId)).state).toMatchObject({ state: 'skipped', error: 'the visitor unsubscribed' })
}

async function nextMailTo(address: string): Promise<ParsedMail> {
  const mail = await smtp.next()
  expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe(address)
  return mail
}

/** A header as sent (mailparser turns the List-* ones into objects). */
const rawHeader = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .find((line) => line.key === name)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, ' ')

const linkIn = (mail: ParsedMail) => /Continue the conversation: (\S+)/.exec(mail.text ?? '')![1]!
const tokenIn = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('porchlight')!

const resume = (token: string, origin = 'http://shop.test') =>
  fetch(`${server.url}/api/visitor/resume`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ token }),
  })

describe('follow-up emails', () => {
  it('emails an unread reply after the delay, escaped, with a return link that opens the conversation once', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada <b>&</b>', 'ada@example.com')
    visitor.close()
    const seq = await reply(conversationId, 'Yes <script>alert(1)</script> & monthly too')
    clock.advance(delay + 1)
    const mail = await nextMailTo('ada@example.com')

    expect(mail.subject).toBe('New reply from Default site')
    expect(mail.from?.value[0]).toMatchObject({ name: 'Default site', address: 'no-reply@chat.test' })
    expect(mail.messageId).toBe(`<followup.${conversationId}.after.0@chat.test>`)
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    expect(rawHeader(mail, 'list-unsubscribe')).toMatch(/^<http:\/\/chat\.test\/api\/visitor\/unsubscribe\?token=[\w.-]+>$/)
    expect(mail.text).toContain('Yes <script>alert(1)</script> & monthly too')
    expect(mail.html).toContain('Yes &lt;script&gt;alert(1)&lt;/script&gt; &amp; monthly too')
    expect(mail.html).toContain('Hi Ada &lt;b&gt;&amp;&lt;/b&gt;,')
    expect(mail.html).not.toMatch(/<script|<b>/)
    expect(mail.html).toContain('<meta name="color-scheme" content="light dark">')
    expect(mail.html).toContain('<meta name="supported-color-schemes" content="light dark">')

    const link = linkIn(mail)
    expect(link.startsWith('http://shop.test/pricing?plan=pro#faq&porchlight=')).toBe(true)
    expect(mail.html).toContain(`href="${link.replaceAll('&', '&amp;')}"`)
    const exchanged = await resume(tokenIn(link))
    expect(exchanged.status).toBe(200)
    expect(exchanged.headers.get('access-control-allow-origin')).toBe('http://shop.test')
    const session = (await exchanged.json()) as Record<string, unknown>
    expect(session).toMatchObject({ site: 'default', conversationId, identityRequired: false })

    // The new token is the same visitor, on the same conversation, with the reply read.
    const { visitor: elsewhere, welcome } = await connectVisitor(server.wsUrl, { token: session.visitorToken as string })
    sockets.push(elsewhere)
    expect(welcome).toMatchObject({ conversationId, readSeq: seq })

    const again = await resume(tokenIn(link))
    expect(again.status).toBe(410)
    expect(await again.json()).toMatchObject({ code: 'resume_token_used' })
    expect(await followups(conversationId)).toMatchObject({
      state: { state: 'sent', error: null },
      sent: [{ messageId: mail.messageId, firstSeq: seq, lastSeq: seq }],
    })
  })

  it("follows the site's settings: sender name, reply-to, a custom return URL, the delay, and off", async () => {
    await start()
    const followup = {
      senderName: 'Acme "Support", Inc.',
      replyTo: 'help@acme.test',
      returnUrl: { mode: 'custom', url: 'https://acme.test/help' },
      delay: 1000,
    }
    expect((await api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { followup } })).status).toBe(200)
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'custom')
    clock.advance(1001)
    const mail = await nextMailTo('ada@example.com')
    expect(mail.from?.value[0]).toEqual({ name: 'Acme "Support", Inc.', address: 'no-reply@chat.test' })
    expect(mail.replyTo?.value[0]?.address).toBe('help@acme.test')
    expect(linkIn(mail).startsWith('https://acme.test/help#porchlight=')).toBe(true)

    const patch = (followup: Record<string, unknown>) =>
      api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { followup } })
    expect((await patch({ enabled: false })).status).toBe(200)
    const answer = await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'off' } })
    expect(answer.status).toBe(201)
    await eventually(async () => (await followups(conversationId)).state?.error === 'follow-up emails are off for this site')
    // On again, for the barrier: the reply made while it was off has no follow-up.
    expect((await patch({ enabled: true })).status).toBe(200)
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.mails).toEqual([])
  })

  it('restarts the timer at a second reply: nothing at the first due time, then one email with both', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'first') // due at 1 delay
    clock.advance(0.25 * delay)
    const barrier = await barrierVisitor() // due at 1.25
    clock.advance(0.25 * delay)
    await reply(conversationId, 'second') // due at 1.5
    // Past the first reply's due time and the barrier's, not the second reply's.
    clock.advance(0.8 * delay)
    const barrierMail = await nextMailTo('barrier@example.com')
    expect(barrierMail.messageId).toContain(barrier)
    expect(smtp.mails).toEqual([])
    clock.advance(0.3 * delay)
    const mail = await nextMailTo('ada@example.com')
    expect(mail.text).toContain('first')
    expect(mail.text).toContain('second')
    expect(mail.text).toContain('2 replies')
  })

  it('sends nothing when the visitor reads the reply in time', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    const seq = await reply(conversationId, 'here you go')
    await visitor.next('message')
    visitor.send({ type: 'read', seq })
    await eventually(async () => (await followups(conversationId)).state?.state === 'cancelled')
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.mails).toEqual([])
    expect((await followups(conversationId)).sent).toEqual([])
  })

  it('waits while the visitor is in the chat, and sends one email when they close the panel', async () => {
    await start()
    const inChat = { visible: true, focused: true, widgetOpen: true, idle: false }
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com', inChat)
    await reply(conversationId, 'are you there?')
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.mails).toEqual([])
    expect((await followups(conversationId)).state.state).toBe('waiting')

    visitor.send({ type: 'signals', ...inChat, widgetOpen: false })
    await eventually(async () => (await followups(conversationId)).state.error === leftReason)
    clock.advance(grace + 1)
    const mail = await nextMailTo('ada@example.com')
    expect(mail.text).toContain('are you there?')
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.mails).toEqual([])
    expect((await followups(conversationId)).sent).toHaveLength(1)
  })

  it('sends nothing to a visitor who reloads the page within the grace, still in the chat', async () => {
    await start()
    const inChat = { visible: true, focused: true, widgetOpen: true, idle: false }
    const { visitor, conversationId, token } = await visitorWhoWrote('Ada', 'ada@example.com', inChat)
    await reply(conversationId, 'are you there?')
    clock.advance(delay + 1)
    await eventually(async () => (await followups(conversationId)).state.state === 'waiting')

    visitor.close()
    await eventually(async () => (await followups(conversationId)).state.error === leftReason)
    const { visitor: reloaded } = await connectVisitor(server.wsUrl, { token, url: startPage, signals: inChat })
    sockets.push(reloaded)
    clock.advance(grace + 1)
    await eventually(async () => (await followups(conversationId)).state.error === null)
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.mails).toEqual([])
    expect((await followups(conversationId)).state).toMatchObject({ state: 'waiting', error: null })
  })

  it('sends nothing across a graceful restart to a visitor whose widget reconnects, still in the chat', async () => {
    await start()
    const inChat = { visible: true, focused: true, widgetOpen: true, idle: false }
    const { visitor, conversationId, token } = await visitorWhoWrote('Ada', 'ada@example.com', inChat)
    await reply(conversationId, 'are you there?')
    clock.advance(delay + 1)
    await eventually(async () => (await followups(conversationId)).state.state === 'waiting')

    server = await server.restart()
    await visitor.closed
    // The server closing its sockets was not the visitor leaving.
    expect((await followups(conversationId)).state).toMatchObject({ state: 'waiting', error: null })
    const { visitor: back } = await connectVisitor(server.wsUrl, { token, url: startPage, signals: inChat })
    sockets.push(back)
    clock.advance(grace + heartbeat + 1)
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.mails).toEqual([])
    expect((await followups(conversationId)).state).toMatchObject({ state: 'waiting', error: null })
  })

  it('keeps a read that arrives while the email goes out: the email joins the thread, the state stays cancelled', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    const seq = await reply(conversationId, 'here you go')
    const held = smtp.hold()
    clock.advance(delay + 1)
    await held.arrived
    // Too late for this email (it is on the wire), not for what agents see.
    visitor.send({ type: 'read', seq })
    await eventually(async () => (await followups(conversationId)).state.state === 'cancelled')
    held.release()
    const mail = await nextMailTo('ada@example.com')
    await eventually(async () => (await followups(conversationId)).sent.length === 1)
    expect((await followups(conversationId)).sent[0].messageId).toBe(mail.messageId)
    expect((await followups(conversationId)).state).toMatchObject({ state: 'cancelled', error: 'read in time' })
  })

  it('keeps the schedule of a reply made while the email goes out, and sends it as the next burst', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'burst one')
    const held = smtp.hold()
    clock.advance(delay + 1)
    await held.arrived
    const before = (await followups(conversationId)).state.at
    const answer = await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      body: { text: 'burst two' },
    })
    expect(answer.status).toBe(201)
    await eventually(async () => (await followups(conversationId)).state.at !== before)
    held.release()
    expect((await nextMailTo('ada@example.com')).text).not.toContain('burst two')
    await eventually(async () => (await followups(conversationId)).sent.length === 1)
    expect((await followups(conversationId)).state).toMatchObject({ state: 'scheduled', error: null })
    clock.advance(delay + 1)
    const second = await nextMailTo('ada@example.com')
    expect(second.text).toContain('burst two')
    expect(second.text).not.toContain('burst one')
  })

  it('aborts a send that outlasts its job, so that the retry is the one email', async () => {
    await start({ server: { jobs: { pollInterval: 20, concurrency: 1, retryBase: 10, timeout: 500 } } })
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'slow server')
    // The server takes the mail and never answers (until the end of the test).
    const stalled = smtp.hold()
    clock.advance(delay + 1)
    await stalled.arrived
    let dropped = false
    void stalled.dropped.then(() => (dropped = true))
    // The retry's email arrives over a new connection, after the stalled one was closed.
    expect((await nextMailTo('ada@example.com')).text).toContain('slow server')
    expect(dropped).toBe(true)
    stalled.release()
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.mails).toEqual([])
    expect((await followups(conversationId)).sent).toHaveLength(1)
  })

  it('delivers exactly one email when the SMTP server refuses the first attempt with a 4xx', async () => {
    await start({ refuse: { times: 1, code: 451 } })
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'retry me')
    clock.advance(delay + 1)
    const mail = await nextMailTo('ada@example.com')
    expect(smtp.refused).toBe(1)
    expect(mail.text).toContain('retry me')
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.mails).toEqual([])
  })

  it('sends every attempt at one email with the same Message-ID and link, though the visitor read some of it in between', async () => {
    // Retries wait for the test's clock: the read lands between the attempts.
    await start({
      refuse: { times: 1, code: 451 },
      server: { jobs: { pollInterval: 20, concurrency: 1, retryBase: delay, retryCap: delay } },
    })
    const agent = await connectAgent(server.wsUrl, cookie)
    sockets.push(agent)
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    const first = await reply(conversationId, 'first part')
    await reply(conversationId, 'second part')
    clock.advance(delay + 1)
    await eventually(async () => (await followups(conversationId)).state.error?.startsWith('retrying:') === true)
    visitor.send({ type: 'read', seq: first })
    await agent.nextWhere('receipt.read', (frame) => frame.seq === first)
    clock.advance(delay + 1)
    const mail = await nextMailTo('ada@example.com')
    const [refused] = smtp.refusedMails
    expect(mail.text).not.toContain('first part')
    expect(refused!.text).toContain('first part')
    expect(mail.messageId).toBe(refused!.messageId)
    expect(linkIn(mail)).toBe(linkIn(refused!))
    expect((await resume(tokenIn(linkIn(mail)))).status).toBe(200)
  })

  it('forgets return-link tokens a link lifetime after they expired, when it writes the next', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'burst one')
    clock.advance(delay + 1)
    const old = tokenIn(linkIn(await nextMailTo('ada@example.com')))
    clock.advance(10 * delay + 1)
    expect(await (await resume(old)).json()).toMatchObject({ code: 'resume_token_expired' })
    clock.advance(10 * delay)
    await reply(conversationId, 'burst two')
    clock.advance(delay + 1)
    const fresh = tokenIn(linkIn(await nextMailTo('ada@example.com')))
    expect(await (await resume(old)).json()).toMatchObject({ code: 'resume_token_invalid' })
    expect((await resume(fresh)).status).toBe(200)
  })

  it('records a permanent refusal (5xx) as failed, for agents to see, without retrying', async () => {
    await start({ refuse: { times: 1, code: 550 } })
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'bounce')
    clock.advance(delay + 1)
    await eventually(async () => (await followups(conversationId)).state?.state === 'failed')
    expect((await followups(conversationId)).state.error).toContain('Refused by the test')
    await barrierVisitor()
    clock.advance(delay + 1)
    await nextMailTo('barrier@example.com')
    expect(smtp.refused).toBe(1)
    expect(smtp.mails).toEqual([])
  })

  it('records transient refusals as failed once the job runs out of attempts', async () => {
    await start({ refuse: { times: 2, code: 451 }, server: { jobs: { pollInterval: 20, concurrency: 1, retryBase: 10, maxAttempts: 2 } } })
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'busy')
    clock.advance(delay + 1)
    await eventually(async () => (await followups(conversationId)).state?.state === 'failed')
    expect(smtp.refused).toBe(2)
    expect((await followups(conversationId)).state.error).toContain('Refused by the test')
  })

  it('threads the emails of two bursts, and one-click unsubscribe (not a GET) stops the next', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'burst one')
    clock.advance(delay + 1)
    const first = await nextMailTo('ada@example.com')
    await reply(conversationId, 'burst two')
    clock.advance(delay + 1)
    const second = await nextMailTo('ada@example.com')
    expect(second.messageId).not.toBe(first.messageId)
    expect(second.inReplyTo).toBe(first.messageId)
    expect(second.references).toBe(first.messageId)
    expect(second.text).toContain('burst two')
    expect(second.text).not.toContain('burst one')

    const unsubscribe = unsubscribeUrlOf(second)
    const page = await fetch(unsubscribe)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none';style-src 'unsafe-inline';form-action 'self';frame-ancestors 'none'",
    )
    expect(await page.text()).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">')
    expect((await fetch(unsubscribe.replace(/token=[^&]+/, 'token=forged.abc'))).status).toBe(404)

    // A GET unsubscribes nobody: the next burst is still emailed.
    await reply(conversationId, 'burst three')
    clock.advance(delay + 1)
    expect((await nextMailTo('ada@example.com')).text).toContain('burst three')

    const posted = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(posted.status).toBe(200)
    expect(posted.headers.get('content-type')).toContain('text/html')
    expect(await posted.text()).toContain('<h1 style="font-size:1.5rem">Unsubscribed</h1>')
    await expectUnsubscribed(conversationId, 'burst four')
  })

  it("takes the one-click unsubscribe as multipart/form-data too: RFC 8058's own example", async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'burst one')
    clock.advance(delay + 1)
    const mail = await nextMailTo('ada@example.com')
    const unsubscribe = unsubscribeUrlOf(mail)
    const example = [
      '-----FormBoundaryjWmhtjORrn',
      'Content-Disposition: form-data; name="List-Unsubscribe"',
      '',
      'One-Click',
      '-----FormBoundaryjWmhtjORrn--',
      '',
    ].join('\r\n')
    const posted = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=---FormBoundaryjWmhtjORrn' },
      body: example,
    })
    expect(posted.status).toBe(200)
    // As a browser or fetch sends a form, and a multipart body without the field is refused.
    const form = new FormData()
    form.set('List-Unsubscribe', 'One-Click')
    expect((await fetch(unsubscribe, { method: 'POST', body: form })).status).toBe(200)
    const other = new FormData()
    other.set('something', 'else')
    expect((await fetch(unsubscribe, { method: 'POST', body: other })).status).toBe(400)

    await expectUnsubscribed(conversationId, 'burst two')
  })

  it('refuses a forged token and an expired one with their codes', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'late')
    clock.advance(delay + 1)
    const token = tokenIn(linkIn(await nextMailTo('ada@example.com')))

    const forged = await resume(`${token.slice(0, -2)}xx`)
    expect(forged.status).toBe(404)
    expect(await forged.json()).toMatchObject({ code: 'resume_token_invalid' })

    clock.advance(10 * delay)
    const expired = await resume(token)
    expect(expired.status).toBe(410)
    expect(await expired.json()).toMatchObject({ code: 'resume_token_expired' })
  })

  it('refuses a return link on a page whose origin the site does not allow, without using it up', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'only on the shop')
    clock.advance(delay + 1)
    const token = tokenIn(linkIn(await nextMailTo('ada@example.com')))
    const patched = await api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { allowedOrigins: ['http://shop.test'] } })
    expect(patched.status).toBe(200)
    const elsewhere = await resume(token, 'http://evil.test')
    expect(elsewhere.status).toBe(403)
    expect(await elsewhere.json()).toMatchObject({ code: 'origin_not_allowed' })
    expect((await resume(token)).status).toBe(200)
  })

  it('limits how many links one address may try', async () => {
    await start({ server: { rateLimits: { visitorLinksPerMinute: 2 } } })
    for (const expected of [404, 404, 429]) expect((await resume('guess')).status).toBe(expected)
    expect((await fetch(`${server.url}/api/visitor/unsubscribe?token=guess.x`)).status).toBe(404)
  })

  it('answers a broken unsubscribe link, opened from a mail client, with a page', async () => {
    await start()
    const opened = await fetch(`${server.url}/api/visitor/unsubscribe?token=guess.x`)
    expect(opened.status).toBe(404)
    expect(opened.headers.get('content-type')).toContain('text/html')
    expect(await opened.text()).toContain('This link does not work')
  })

  it("fires the site's followup.sent and followup.failed webhooks", async () => {
    const receiver = await WebhookReceiver.start()
    try {
      await start({ refuse: { times: 1, code: 550 }, server: { webhooks: { allowPrivateAddresses: true } } })
      const created = await api(server.url, cookie, '/api/sites/default/webhooks', {
        method: 'POST',
        body: { url: receiver.url, events: ['followup.sent', 'followup.failed'] },
      })
      expect(created.status).toBe(201)
      const first = await visitorWhoWrote('Ada', 'ada@example.com')
      first.visitor.close()
      await reply(first.conversationId, 'bounces')
      clock.advance(delay + 1)
      const failed = JSON.parse((await receiver.next()).body)
      expect(failed).toMatchObject({ type: 'followup.failed', data: { conversationId: first.conversationId } })

      const second = await visitorWhoWrote('Bob', 'bob@example.com')
      second.visitor.close()
      await reply(second.conversationId, 'arrives')
      clock.advance(delay + 1)
      const mail = await nextMailTo('bob@example.com')
      const sent = JSON.parse((await receiver.next()).body)
      expect(sent).toMatchObject({ type: 'followup.sent', data: { conversationId: second.conversationId, messageId: mail.messageId } })
    } finally {
      await receiver.close()
    }
  })

  it('sends nothing to a visitor without an email address, and says why', async () => {
    await start()
    const { visitor, conversationId } = await visitorWhoWrote('Ada', null)
    visitor.close()
    await reply(conversationId, 'anyone?')
    clock.advance(delay + 1)
    await eventually(async () => (await followups(conversationId)).state?.state === 'skipped')
    expect((await followups(conversationId)).state.error).toBe('the visitor left no email address')
  })

  it('writes the email to the outbox folder when no SMTP server is configured', async () => {
    await start({ server: { smtpUrl: undefined } })
    const { visitor, conversationId } = await visitorWhoWrote('Ada', 'ada@example.com')
    visitor.close()
    await reply(conversationId, 'to the outbox')
    clock.advance(delay + 1)
    await eventually(async () => (await followups(conversationId)).state?.state === 'sent')
    const outbox = join(server.dataDir, 'outbox')
    const [file, ...more] = readdirSync(outbox)
    expect(more).toEqual([])
    const mail = await simpleParser(readFileSync(join(outbox, file!)))
    expect(mail.text).toContain('to the outbox')
    expect(smtp.mails).toEqual([])
  })

  it('opens nothing for a signed-in user of a site that requires verification until the page proves who they are', async () => {
    await start()
    const { secret } = (await api(server.url, cookie, '/api/sites/default/identity-secret', { method: 'POST' })).body
    expect((await api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { identity: { required: true } } })).status).toBe(
      200,
    )
    const userHash = createHmac('sha256', secret).update('user-42').digest('hex')
    const { visitor } = await connectVisitor(server.wsUrl, { url: startPage })
    sockets.push(visitor)
    visitor.send({ type: 'identify', userId: 'user-42', userHash, email: 'ada@example.com' })
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'my invoice?' })
    const { conversationId } = await visitor.next('message.ack')
    visitor.close()
    await reply(conversationId, 'attached')
    clock.advance(delay + 1)
    const exchanged = await resume(tokenIn(linkIn(await nextMailTo('ada@example.com'))))
    expect(exchanged.status).toBe(200)
    const session = (await exchanged.json()) as Record<string, unknown>
    expect(session).toEqual({ site: 'default', conversationId, identityRequired: true })

    // Without proof, another browser sees nothing; with it, the user's conversation follows them.
    const { visitor: elsewhere, welcome } = await connectVisitor(server.wsUrl)
    sockets.push(elsewhere)
    expect(welcome.conversationId).toBeNull()
    elsewhere.send({ type: 'identify', userId: 'user-42', userHash })
    expect((await elsewhere.next('welcome')).conversationId).toBe(conversationId)
  })
})
