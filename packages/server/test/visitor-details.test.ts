import { createHmac } from 'node:crypto'
import { limits } from '@porchlight/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectAgent, connectVisitor, FrameSocket } from './support/frame-socket.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const firefox = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'

let server: TestServer
let cookie: string
beforeEach(async () => {
  server = await startServer()
  cookie = await login(server.url)
})
afterEach(async () => {
  await server.close()
})

/** A visitor who wrote once from `hello`'s page and browser; resolves with their token and conversation. */
async function visitorWhoWrote(hello: Record<string, string>, userAgent = chrome) {
  const { visitor, welcome } = await connectVisitor(server.wsUrl, hello, { headers: { 'user-agent': userAgent } })
  visitor.send({ type: 'message.send', clientId: 'c1', text: 'Hello' })
  const { conversationId } = await visitor.next('message.ack')
  return { visitor, token: welcome.token as string, conversationId: conversationId as string }
}

const detail = async (conversationId: string) => (await api(server.url, cookie, `/api/conversations/${conversationId}`)).body.conversation

describe('what agents see of a visitor browser', () => {
  it('shows the page, User-Agent, language, time zone and last connection that the tab told', async () => {
    const before = Date.now()
    const { visitor, conversationId } = await visitorWhoWrote({
      url: 'https://shop.example/cart?x=1',
      language: 'de-DE',
      timeZone: 'Asia/Tokyo',
    })
    const { visitor: seen } = await detail(conversationId)
    expect(seen).toMatchObject({ page: 'https://shop.example/cart?x=1', userAgent: chrome, language: 'de-DE', timeZone: 'Asia/Tokyo' })
    expect(Date.parse(seen.lastSeenAt)).toBeGreaterThanOrEqual(before - 1000)
    const list = await api(server.url, cookie, '/api/conversations')
    expect(list.body.conversations[0].visitor).toEqual(seen)
    visitor.close()
  })

  it('knows nothing a tab did not tell', async () => {
    const socket = new FrameSocket(`${server.wsUrl}/ws/visitor`, { headers: { 'user-agent': '' } })
    await socket.opened()
    socket.send({ type: 'hello', site: 'default' })
    await socket.next('welcome')
    socket.send({ type: 'message.send', clientId: 'c1', text: 'Hello' })
    const { conversationId } = await socket.next('message.ack')
    expect((await detail(conversationId)).visitor).toMatchObject({ page: null, userAgent: null, language: null, timeZone: null })
    socket.close()
  })

  it(`keeps at most ${limits.userAgent} characters of a User-Agent`, async () => {
    const long = `${chrome} ${'x'.repeat(1000)}`
    const { visitor, conversationId } = await visitorWhoWrote({}, long)
    expect((await detail(conversationId)).visitor.userAgent).toBe(long.slice(0, limits.userAgent))
    visitor.close()
  })

  it('takes what the latest tab told, and pushes the conversation to agents when the page changed', async () => {
    const agent = await connectAgent(server.wsUrl, cookie)
    const first = await visitorWhoWrote({ url: 'https://shop.example/', language: 'de-DE', timeZone: 'Asia/Tokyo' })
    await agent.next('conversation.created')

    const { visitor: second } = await connectVisitor(
      server.wsUrl,
      { token: first.token, url: 'https://shop.example/checkout', language: 'en-GB', timeZone: 'Europe/London' },
      { headers: { 'user-agent': firefox } },
    )
    const updated = await agent.nextWhere(
      'conversation.updated',
      ({ conversation }) => conversation.visitor.page === 'https://shop.example/checkout',
    )
    expect(updated.conversation.visitor).toMatchObject({ userAgent: firefox, language: 'en-GB', timeZone: 'Europe/London' })
    expect((await detail(first.conversationId)).visitor).toMatchObject({ page: 'https://shop.example/checkout', userAgent: firefox })

    // Another tab on the same page changes nothing agents look at: no push. The update is sent before
    // the welcome, so the welcome and an agent round trip after it are the barrier.
    const { visitor: third } = await connectVisitor(server.wsUrl, { token: first.token, url: 'https://shop.example/checkout' })
    agent.send({ type: 'viewing', conversationId: first.conversationId })
    await agent.next('viewers')
    expect(agent.received('conversation.updated')).toEqual([])
    for (const socket of [first.visitor, second, third, agent]) socket.close()
  })

  it("gives a verified user's record the page and browser of the tab that just signed in to it", async () => {
    const { secret } = (await api(server.url, cookie, '/api/sites/default/identity-secret', { method: 'POST' })).body
    const userHash = createHmac('sha256', secret).update('user-1').digest('hex')
    const agent = await connectAgent(server.wsUrl, cookie)
    const laptop = await visitorWhoWrote({ url: 'https://shop.example/', language: 'de-DE', timeZone: 'Europe/Berlin' })
    laptop.visitor.send({ type: 'identify', userId: 'user-1', userHash })
    // Its own record becomes the user's; the ack of a message after it says the identify was handled.
    laptop.visitor.send({ type: 'message.send', clientId: 'c2', text: 'signed in' })
    await laptop.visitor.nextWhere('message.ack', (ack) => ack.clientId === 'c2')

    const phone = await connectVisitor(
      server.wsUrl,
      { url: 'https://shop.example/orders', language: 'en-GB', timeZone: 'Europe/London' },
      { headers: { 'user-agent': firefox } },
    )
    phone.visitor.send({ type: 'identify', userId: 'user-1', userHash })
    expect(await phone.visitor.next('welcome')).toMatchObject({ conversationId: laptop.conversationId })
    const expected = { page: 'https://shop.example/orders', userAgent: firefox, language: 'en-GB', timeZone: 'Europe/London' }
    expect((await detail(laptop.conversationId)).visitor).toMatchObject(expected)
    const updated = await agent.nextWhere('conversation.updated', ({ conversation }) => conversation.visitor.page === expected.page)
    expect(updated.conversation.visitor).toMatchObject(expected)
    for (const socket of [laptop.visitor, phone.visitor, agent]) socket.close()
  })

  it.each([
    ['a language that is not a language tag', { language: 'de DE' }],
    ['a language over 35 characters', { language: `en-${'abcdefgh-'.repeat(4)}x` }],
    ['a language with markup', { language: '<b>' }],
    ['a time zone with a space', { timeZone: 'Asia/ Tokyo' }],
    ['a time zone over 64 characters', { timeZone: `Europe/${'x'.repeat(60)}` }],
    ['a time zone with a dot', { timeZone: '../etc' }],
  ])('refuses a hello with %s as invalid_frame, and takes a good one after it', async (_name, fields) => {
    const socket = new FrameSocket(`${server.wsUrl}/ws/visitor`)
    await socket.opened()
    socket.send({ type: 'hello', site: 'default', ...fields })
    expect((await socket.next('error')).code).toBe('invalid_frame')
    socket.send({ type: 'hello', site: 'default', language: 'en', timeZone: 'Etc/GMT+5' })
    expect(await socket.next('welcome')).toMatchObject({ conversationId: null })
    socket.close()
  })
})
