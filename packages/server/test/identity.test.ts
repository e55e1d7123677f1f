import { createHmac } from 'node:crypto'
import type { ParsedMail } from 'mailparser'
import { afterEach, describe, expect, it } from 'vitest'
import type { PorchlightOptions } from '../src/config/options.js'
import { eventually } from './support/eventually.js'
import { connectVisitor, type FrameSocket } from './support/frame-socket.js'
import { manualClock } from './support/manual-clock.js'
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

let server: TestServer
let cookie: string
let smtp: SmtpSink | undefined
const sockets: FrameSocket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close()
  await server?.close()
  await smtp?.close()
  smtp = undefined
})

async function start(options: Partial<PorchlightOptions> = {}): Promise<void> {
  server = await startServer(options)
  cookie = await login(server.url)
}

/** Generates (or rotates) the default site's identity secret; returns it. */
async function rotate(): Promise<string> {
  return (await api(server.url, cookie, '/api/sites/default/identity-secret', { method: 'POST' })).body.secret
}

const hashOf = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex')

/** Sends a message and waits for its ack: every frame sent before it has been handled. */
async function write(visitor: FrameSocket, text: string): Promise<Record<string, any>> {
  const clientId = `c-${text.replace(/\W/g, '')}`
  visitor.send({ type: 'message.send', clientId, text })
  return visitor.nextWhere('message.ack', (ack) => ack.clientId === clientId)
}

async function visitorOf(conversationId: string): Promise<Record<string, any>> {
  return (await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation.visitor
}

describe('identify with a userHash', () => {
  it('refuses a wrong hash with identity_invalid and applies nothing of the claimed identity', async () => {
    await start()
    const secret = await rotate()
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'identify', userId: 'user-1', name: 'Mallory', email: 'mallory@example.com', userHash: hashOf('guess', 'user-1') })
    expect(await visitor.next('error')).toMatchObject({ code: 'identity_invalid' })
    // The right hash for another user is wrong for this one.
    visitor.send({ type: 'identify', userId: 'user-1', name: 'Mallory', userHash: hashOf(secret, 'user-2') })
    expect(await visitor.next('error')).toMatchObject({ code: 'identity_invalid' })
    const { conversationId } = await write(visitor, 'hello')
    expect(await visitorOf(conversationId)).toMatchObject({ name: null, email: null, userId: null, userIdVerified: false })
    expect(visitor.received('welcome')).toEqual([])
  })

  it('refuses the old secret’s hashes once the secret is rotated', async () => {
    await start()
    const old = await rotate()
    const current = await rotate()
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'identify', userId: 'user-1', userHash: hashOf(old, 'user-1') })
    expect(await visitor.next('error')).toMatchObject({ code: 'identity_invalid' })
    visitor.send({ type: 'identify', userId: 'user-1', name: 'Ada', userHash: hashOf(current, 'user-1') })
    const { conversationId } = await write(visitor, 'hello')
    expect(visitor.received('error')).toEqual([])
    expect(await visitorOf(conversationId)).toMatchObject({ name: 'Ada', userId: 'user-1' })
  })

  it('on a site that requires verification, refuses a userId without a valid hash; anonymous chat goes on', async () => {
    await start()
    const secret = await rotate()
    await api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { identity: { required: true } } })
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'identify', userId: 'user-1', name: 'Mallory' })
    expect(await visitor.next('error')).toMatchObject({ code: 'identity_required' })
    visitor.send({ type: 'identify', userId: 'user-1', userHash: hashOf('guess', 'user-1') })
    expect(await visitor.next('error')).toMatchObject({ code: 'identity_invalid' })
    // A name and an email need no proof; the chat works.
    visitor.send({ type: 'identify', name: 'Anne', email: 'anne@example.com' })
    const { conversationId } = await write(visitor, 'a question')
    expect(await visitorOf(conversationId)).toMatchObject({ name: 'Anne', email: 'anne@example.com', userId: null })
    visitor.send({ type: 'identify', userId: 'user-1', userHash: hashOf(secret, 'user-1') })
    await write(visitor, 'now signed in')
    expect(visitor.received('error')).toEqual([])
    expect(await visitorOf(conversationId)).toMatchObject({ userId: 'user-1' })
  })
})

describe('a verified user in another browser', () => {
  it('continues the same conversation: a new welcome, the conversation replayed, and a token of its own', async () => {
    await start()
    const secret = await rotate()
    const userHash = hashOf(secret, 'user-1')
    const first = await connectVisitor(server.wsUrl)
    first.visitor.send({ type: 'identify', userId: 'user-1', name: 'Ada', userHash })
    const { conversationId } = await write(first.visitor, 'from the laptop')
    await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'an answer' } })
    await first.visitor.nextWhere('message', (f) => f.message.text === 'an answer')

    // Another browser: no token of the first one's.
    const second = await connectVisitor(server.wsUrl)
    expect(second.welcome.visitorId).not.toBe(first.welcome.visitorId)
    second.visitor.send({ type: 'identify', userId: 'user-1', userHash })
    const welcome = await second.visitor.next('welcome')
    expect(welcome).toMatchObject({ visitorId: first.welcome.visitorId, conversationId, lastSeq: 2 })
    expect(welcome.token).not.toBe(first.welcome.token)
    const replayed = [await second.visitor.next('message'), await second.visitor.next('message')]
    expect(replayed.map((f) => f.message.text)).toEqual(['from the laptop', 'an answer'])

    // Both browsers are the same visitor now: what one writes reaches the other.
    await write(second.visitor, 'from the phone')
    expect((await first.visitor.nextWhere('message', (f) => f.message.text === 'from the phone')).message.seq).toBe(3)

    // The second browser's token leads back to the user, and so does the first one's.
    second.visitor.close()
    const again = await connectVisitor(server.wsUrl, { token: welcome.token, lastSeq: 3 })
    expect(again.welcome).toMatchObject({ visitorId: first.welcome.visitorId, conversationId, lastSeq: 3 })
    first.visitor.close()
    const laptop = await connectVisitor(server.wsUrl, { token: first.welcome.token })
    expect(laptop.welcome.visitorId).toBe(first.welcome.visitorId)
    again.visitor.close()
    laptop.visitor.close()
  })

  it('brings along what the browser wrote before signing in when the user had no conversation', async () => {
    await start()
    const secret = await rotate()
    const userHash = hashOf(secret, 'user-1')
    const laptop = await connectVisitor(server.wsUrl)
    laptop.visitor.send({ type: 'identify', userId: 'user-1', userHash })
    await laptop.visitor.barrier()
    const phone = await connectVisitor(server.wsUrl)
    const { conversationId } = await write(phone.visitor, 'asked before signing in')
    phone.visitor.send({ type: 'identify', userId: 'user-1', userHash })
    const welcome = await phone.visitor.next('welcome')
    expect(welcome).toMatchObject({ visitorId: laptop.welcome.visitorId, conversationId, lastSeq: 1 })
    expect((await phone.visitor.next('message')).message.text).toBe('asked before signing in')
    expect(await visitorOf(conversationId)).toMatchObject({ id: laptop.welcome.visitorId, userId: 'user-1' })
  })

  it('never links an unverified userId to the user’s record, and tells agents which userId is verified', async () => {
    await start()
    const secret = await rotate()
    const user = await connectVisitor(server.wsUrl)
    user.visitor.send({ type: 'identify', userId: 'user-1', userHash: hashOf(secret, 'user-1') })
    const { conversationId } = await write(user.visitor, 'private')

    const impostor = await connectVisitor(server.wsUrl)
    impostor.visitor.send({ type: 'identify', userId: 'user-1', name: 'Mallory' })
    const ack = await write(impostor.visitor, 'let me in')
    await impostor.visitor.barrier()
    // No new welcome, no message of the user's, a conversation of its own.
    expect(impostor.visitor.received('welcome')).toEqual([])
    expect(impostor.visitor.received('message')).toEqual([])
    expect(ack.conversationId).not.toBe(conversationId)
    expect(await visitorOf(ack.conversationId)).toMatchObject({
      id: impostor.welcome.visitorId,
      userId: 'user-1',
      userIdVerified: false,
      name: 'Mallory',
    })
    expect(await visitorOf(conversationId)).toMatchObject({
      id: user.welcome.visitorId,
      userId: 'user-1',
      userIdVerified: true,
      name: null,
    })
    // The list says the same, for every conversation at once.
    const listed = (await api(server.url, cookie, '/api/conversations')).body.conversations as Array<Record<string, any>>
    expect(Object.fromEntries(listed.map((c) => [c.id, c.visitor.userIdVerified]))).toEqual({
      [conversationId]: true,
      [ack.conversationId]: false,
    })

    // A verified user's browser cannot take on another userId without its hash either.
    user.visitor.send({ type: 'identify', userId: 'user-2' })
    expect(await user.visitor.next('error')).toMatchObject({ code: 'identity_required' })
    expect(await visitorOf(conversationId)).toMatchObject({ userId: 'user-1' })
  })

  it('on a shared browser, a second verified user gets a record of their own and the first keeps theirs', async () => {
    await start()
    const secret = await rotate()
    const browser = await connectVisitor(server.wsUrl)
    browser.visitor.send({ type: 'identify', userId: 'ada', userHash: hashOf(secret, 'ada') })
    const ada = await write(browser.visitor, 'I am Ada')
    browser.visitor.send({ type: 'identify', userId: 'bob', userHash: hashOf(secret, 'bob') })
    const welcome = await browser.visitor.next('welcome')
    expect(welcome).toMatchObject({ conversationId: null, lastSeq: 0 })
    expect(welcome.visitorId).not.toBe(browser.welcome.visitorId)
    const bob = await write(browser.visitor, 'I am Bob')
    expect(bob.conversationId).not.toBe(ada.conversationId)
    expect(await visitorOf(ada.conversationId)).toMatchObject({ id: browser.welcome.visitorId, userId: 'ada' })
    expect(await visitorOf(bob.conversationId)).toMatchObject({ id: welcome.visitorId, userId: 'bob' })
  })
})

describe('a return link opened by a signed-in user', () => {
  const delay = 60_000
  let clock: ReturnType<typeof manualClock>

  /** A server that emails follow-ups over SMTP when the test moves its clock. */
  async function startWithFollowups(): Promise<void> {
    clock = manualClock()
    smtp = await startSmtpSink()
    await start({
      smtpUrl: smtp.url,
      publicUrl: 'http://chat.test',
      clock: clock.now,
      timings: { followupDelay: delay, resumeLinkTtl: 10 * delay },
      jobs: { pollInterval: 20, concurrency: 1, retryBase: 10 },
    })
  }

  const linkToken = (mail: ParsedMail) => {
    const link = /Continue the conversation: (\S+)/.exec(mail.text ?? '')![1]!
    return new URLSearchParams(new URL(link).hash.slice(1)).get('porchlight')!
  }

  /**
   * The attack: someone chats anonymously giving the victim's address; the victim gets a genuine
   * follow-up and opens its link. Returns the attacker's socket and the victim's browser, on the
   * attacker's visitor through the exchanged token.
   */
  async function victimOpensAttackersLink() {
    const attacker = await connectVisitor(server.wsUrl, { url: 'http://shop.test/' })
    sockets.push(attacker.visitor)
    attacker.visitor.send({ type: 'identify', email: 'victim@example.com' })
    const { conversationId } = await write(attacker.visitor, 'attacker asks')
    await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'an answer' } })
    await eventually(
      async () => (await api(server.url, cookie, `/api/conversations/${conversationId}/followups`)).body.state?.state === 'scheduled',
    )
    clock.advance(delay + 1)
    const mail = await smtp!.next()
    const exchanged = await fetch(`${server.url}/api/visitor/resume`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: linkToken(mail) }),
    })
    const { visitorToken } = (await exchanged.json()) as { visitorToken: string }
    const victim = await connectVisitor(server.wsUrl, { token: visitorToken })
    sockets.push(victim.visitor)
    expect(victim.welcome).toMatchObject({ visitorId: attacker.welcome.visitorId, conversationId })
    return { attacker, conversationId, victim: victim.visitor }
  }

  /** What the attacker's own token leads to now: their visitor and conversation, without `secret`. */
  async function expectAttackerKeepsOnlyTheirs(
    attacker: { visitor: FrameSocket; welcome: Record<string, any> },
    conversationId: string,
    secret: string,
  ) {
    // Live: the attacker's open socket got none of it.
    await attacker.visitor.barrier()
    expect(attacker.visitor.received('message').map((f) => f.message.text)).not.toContain(secret)
    expect(attacker.visitor.received('welcome')).toEqual([])
    // Later: their token still leads to their own conversation only.
    attacker.visitor.close()
    const again = await connectVisitor(server.wsUrl, { token: attacker.welcome.token })
    sockets.push(again.visitor)
    expect(again.welcome).toMatchObject({ visitorId: attacker.welcome.visitorId, conversationId })
    const replayed = await again.visitor.until('message', (f) => f.message.seq === again.welcome.lastSeq)
    expect(replayed.map((f) => f.message.text)).toEqual(['attacker asks', 'an answer'])
    expect(await visitorOf(conversationId)).toMatchObject({ id: attacker.welcome.visitorId, userId: null, userIdVerified: false })
  }

  it('gives a user without a record a new one: the attacker’s token never reaches what the user writes', async () => {
    await startWithFollowups()
    const secret = await rotate()
    const userHash = hashOf(secret, 'victim')
    const { attacker, conversationId, victim } = await victimOpensAttackersLink()

    victim.send({ type: 'identify', userId: 'victim', userHash })
    const welcome = await victim.next('welcome')
    expect(welcome.visitorId).not.toBe(attacker.welcome.visitorId)
    expect(welcome).toMatchObject({ conversationId: null, lastSeq: 0 })
    const mine = await write(victim, 'my card number')
    expect(mine.conversationId).not.toBe(conversationId)
    expect(await visitorOf(mine.conversationId)).toMatchObject({ id: welcome.visitorId, userId: 'victim', userIdVerified: true })
    await expectAttackerKeepsOnlyTheirs(attacker, conversationId, 'my card number')

    // The user's other browser lands on their own conversation.
    const laptop = await connectVisitor(server.wsUrl)
    sockets.push(laptop.visitor)
    laptop.visitor.send({ type: 'identify', userId: 'victim', userHash })
    expect(await laptop.visitor.next('welcome')).toMatchObject({
      visitorId: welcome.visitorId,
      conversationId: mine.conversationId,
      lastSeq: 1,
    })
    expect((await laptop.visitor.next('message')).message.text).toBe('my card number')
  })

  it('joins a user who has a record without taking the attacker’s conversation along', async () => {
    await startWithFollowups()
    const secret = await rotate()
    const userHash = hashOf(secret, 'victim')
    const laptop = await connectVisitor(server.wsUrl)
    sockets.push(laptop.visitor)
    laptop.visitor.send({ type: 'identify', userId: 'victim', userHash })
    await laptop.visitor.barrier()
    const { attacker, conversationId, victim } = await victimOpensAttackersLink()

    victim.send({ type: 'identify', userId: 'victim', userHash })
    expect(await victim.next('welcome')).toMatchObject({ visitorId: laptop.welcome.visitorId, conversationId: null, lastSeq: 0 })
    const mine = await write(victim, 'my card number')
    expect(mine.conversationId).not.toBe(conversationId)
    expect((await laptop.visitor.nextWhere('message', (f) => f.message.text === 'my card number')).message.conversationId).toBe(
      mine.conversationId,
    )
    await expectAttackerKeepsOnlyTheirs(attacker, conversationId, 'my card number')
  })
})
