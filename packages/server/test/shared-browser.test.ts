// A shared browser: someone chats there first with their own address, then a verified user signs in at
// the same browser. Nothing that first person holds (a return link not yet used, the address they typed)
// may lead to the verified user's conversation.
import { createHmac } from 'node:crypto'
import type { ParsedMail } from 'mailparser'
import { afterEach, expect, it } from 'vitest'
import { eventually } from './support/eventually.js'
import { connectVisitor, type FrameSocket } from './support/frame-socket.js'
import { manualClock } from './support/manual-clock.js'
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

let server: TestServer
let cookie: string
let smtp: SmtpSink
const sockets: FrameSocket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close()
  await server?.close()
  await smtp?.close()
})
const delay = 60_000
const clock = manualClock()
const hashOf = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex')
const linkToken = (mail: ParsedMail) => {
  const link = /Continue the conversation: (\S+)/.exec(mail.text ?? '')![1]!
  return new URLSearchParams(new URL(link).hash.slice(1)).get('porchlight')!
}
async function write(visitor: FrameSocket, text: string): Promise<Record<string, any>> {
  const clientId = `c-${text.replace(/\W/g, '')}`
  visitor.send({ type: 'message.send', clientId, text })
  return visitor.nextWhere('message.ack', (ack) => ack.clientId === clientId)
}

/** A server that sends follow-ups over SMTP on the movable clock; answers the default site's new identity secret. */
async function startWithIdentitySecret(): Promise<string> {
  smtp = await startSmtpSink()
  server = await startServer({
    smtpUrl: smtp.url,
    publicUrl: 'http://chat.test',
    clock: clock.now,
    timings: { followupDelay: delay, resumeLinkTtl: 10 * delay },
    jobs: { pollInterval: 20, concurrency: 1, retryBase: 10 },
  })
  cookie = await login(server.url)
  return (await api(server.url, cookie, '/api/sites/default/identity-secret', { method: 'POST' })).body.secret
}

async function kioskAttack(victimHasRecord: boolean) {
  const secret = await startWithIdentitySecret()
  const userHash = hashOf(secret, 'victim')
  if (victimHasRecord) {
    // The user's own laptop made their record already.
    const { visitor: laptop } = await connectVisitor(server.wsUrl)
    sockets.push(laptop)
    laptop.send({ type: 'identify', userId: 'victim', userHash })
    await laptop.barrier()
  }
  // A shared (kiosk) browser: the attacker chats first, with their own address, and walks away.
  const kiosk = await connectVisitor(server.wsUrl, { url: 'http://shop.test/' })
  sockets.push(kiosk.visitor)
  kiosk.visitor.send({ type: 'identify', email: 'attacker@example.com' })
  const { conversationId } = await write(kiosk.visitor, 'attacker asks')
  await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'an answer' } })
  await eventually(
    async () => (await api(server.url, cookie, `/api/conversations/${conversationId}/followups`)).body.state?.state === 'scheduled',
  )
  clock.advance(delay + 1)
  const mail = await smtp.next()
  expect(mail.to).toMatchObject({ text: 'attacker@example.com' })
  // The victim sits down at the same browser and signs in (valid hash): the attacker's link is unexchanged.
  kiosk.visitor.send({ type: 'identify', userId: 'victim', userHash, email: 'victim@example.com' })
  await kiosk.visitor.barrier()
  await write(kiosk.visitor, 'my card number')
  // At home, the attacker exchanges the link from their own mailbox.
  const exchanged = await fetch(`${server.url}/api/visitor/resume`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: linkToken(mail) }),
  })
  return { status: exchanged.status, body: (await exchanged.json()) as Record<string, any> }
}

it.each([
  ['claimed the browser', false],
  ['joined their record from the browser', true],
])('a return link sent before a verified user %s opens nothing without their proof', async (_, victimHasRecord) => {
  const { status, body } = await kioskAttack(victimHasRecord)
  expect(status).toBe(200)
  expect(body).toMatchObject({ identityRequired: true })
  expect(body.visitorToken).toBeUndefined()
})

it('a verified user who signs in without an email does not inherit the address typed at that browser before', async () => {
  const secret = await startWithIdentitySecret()
  const kiosk = await connectVisitor(server.wsUrl, { url: 'http://shop.test/' })
  sockets.push(kiosk.visitor)
  kiosk.visitor.send({ type: 'identify', email: 'attacker@example.com' })
  await kiosk.visitor.barrier()
  // The victim signs in on the same browser (the page's identify carries no email) and asks.
  kiosk.visitor.send({ type: 'identify', userId: 'victim', userHash: hashOf(secret, 'victim') })
  const { conversationId } = await write(kiosk.visitor, 'my order 1234 to my home address')
  await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    body: { text: 'your refund is approved' },
  })
  await eventually(
    async () => (await api(server.url, cookie, `/api/conversations/${conversationId}/followups`)).body.state?.state === 'scheduled',
  )
  kiosk.visitor.close()
  clock.advance(delay + 1)
  await eventually(
    async () => (await api(server.url, cookie, `/api/conversations/${conversationId}/followups`)).body.state?.state === 'skipped',
  )
  expect(smtp.mails).toHaveLength(0)
  const { conversation } = (await api(server.url, cookie, `/api/conversations/${conversationId}`)).body
  expect(conversation.visitor).toMatchObject({ email: null, userId: 'victim', userIdVerified: true })
})
