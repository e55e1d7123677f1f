import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type FrameSocket, connectAgent } from '../packages/server/test/support/frame-socket.js'
import { api, login, startServer, type TestServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'

let chromium: AttachedChromium
let server: TestServer
let agent: FrameSocket
let cookie: string
let shop: Server
let shopUrl: string

const queueStub = `window.Porchlight = window.Porchlight || function () { (Porchlight.q = Porchlight.q || []).push(arguments) }`

/** A shop's page on another site (`localhost`, while Porchlight is on `127.0.0.1`) with the embed snippet. */
function shopPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A shop</title><link rel="icon" href="data:,"></head>
<body>
<h1>A shop</h1>
<script>${queueStub}</script>
<script async src="${server.url}/widget.js" data-site="default"></script>
</body></html>`
}

/** The strict policy a careful shop sets, allowing what the README says the widget needs. */
function shopPolicy(): string {
  const stub = `'sha256-${createHash('sha256').update(queueStub).digest('base64')}'`
  return `default-src 'none'; script-src ${stub} ${server.url}; connect-src ${server.url} ${server.wsUrl}; style-src 'unsafe-inline'; img-src data:`
}

beforeAll(async () => {
  chromium = await startAttachedChromium()
  shop = createServer((request, response) =>
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        ...(request.url === '/strict' && { 'content-security-policy': shopPolicy() }),
      })
      .end(shopPage()),
  )
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve))
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`
})
afterAll(async () => {
  await chromium?.close()
  await new Promise((resolve) => shop?.close(resolve))
})
beforeEach(async () => {
  server = await startServer()
  cookie = await login(server.url)
  agent = await connectAgent(server.wsUrl, cookie)
})
afterEach(async () => {
  // Pages first: a widget left open would reconnect to a closing server.
  for (const page of chromium.context.pages()) await page.close()
  agent.close()
  await server.close()
})

/**
 * A new page that records what a person's browser would complain about: console errors, uncaught errors,
 * requests the browser blocked, and Content-Security-Policy violations (reported as DOM events).
 */
async function watchedPage(): Promise<{ page: Page; problems: () => Promise<string[]> }> {
  const page = await chromium.context.newPage()
  const problems: string[] = []
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`))
  page.on('pageerror', (error) => problems.push(`error: ${error.message}`))
  page.on('requestfailed', (request) => problems.push(`blocked: ${request.url()} ${request.failure()?.errorText}`))
  // Page scripts as text: this test program has Node's types, not the DOM's.
  await page.addInitScript(`
    window.cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => cspViolations.push(event.violatedDirective + ' ' + event.blockedURI))
  `)
  return {
    page,
    // A round trip into the page first: violations are dispatched as tasks, queued before it answers.
    problems: async () => [...problems, ...(await page.evaluate<string[]>('window.cspViolations')).map((violation) => `csp: ${violation}`)],
  }
}

/** Types a message in the open widget and waits until the agent socket sees it stored. */
async function chat(page: Page, text: string): Promise<string> {
  await page.getByRole('button', { name: 'Open chat' }).click()
  const input = page.getByRole('dialog', { name: 'Chat' }).getByRole('textbox', { name: 'Message' })
  await input.fill(text)
  await input.press('Enter')
  const created = await agent.nextWhere('message.created', (frame) => frame.message.text === text, 10_000)
  return created.message.conversationId as string
}

describe('the widget on another site, in Chromium', () => {
  it('loads widget.js, chats over the socket and gets the reply', async () => {
    const { page, problems } = await watchedPage()
    await page.goto(`${shopUrl}/`)
    const conversationId = await chat(page, 'Is this lamp in stock?')
    const reply = await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      body: { text: 'Yes, two left.' },
    })
    expect(reply.status).toBe(201)
    await expect.poll(() => page.getByRole('log').innerText(), { timeout: 10_000 }).toContain('Yes, two left.')
    expect(await problems()).toEqual([])
    await page.close()
  })

  it('works on a shop with a strict Content-Security-Policy that allows the server', async () => {
    const { page, problems } = await watchedPage()
    await page.goto(`${shopUrl}/strict`)
    await chat(page, 'hello under a strict policy')
    expect(await problems()).toEqual([])
    await page.close()
  })

  it('is refused for good on a shop its site does not allow, and chats once the shop is allowed', async () => {
    const allow = (allowedOrigins: string[]) => api(server.url, cookie, '/api/sites/default', { method: 'PATCH', body: { allowedOrigins } })
    await allow(['https://another-shop.example'])
    const refused = await chromium.context.newPage()
    let sockets = 0
    const closed = new Promise<void>((resolve) =>
      refused.on('websocket', (socket) => {
        sockets++
        socket.on('close', () => resolve())
      }),
    )
    await refused.goto(`${shopUrl}/`)
    await closed
    // Back online, a widget that may retry opens a socket at once: this one does not.
    await refused.evaluate(`dispatchEvent(new Event('online'))`)
    await refused.evaluate('1')
    expect(sockets).toBe(1)
    await refused.close()

    await allow([shopUrl])
    const { page, problems } = await watchedPage()
    await page.goto(`${shopUrl}/`)
    await chat(page, 'allowed now')
    expect(await problems()).toEqual([])
    await page.close()
  })

  it('sends the pagehide beacon to the server, which answers it', async () => {
    const { page, problems } = await watchedPage()
    await page.goto(`${shopUrl}/`)
    const answered = new Promise<{ origin: string | undefined; status: number }>((resolve) => {
      server.app.server.on('request', (request, response) => {
        if (request.url === '/api/visitor/beacon')
          response.on('finish', () => resolve({ origin: request.headers.origin, status: response.statusCode }))
      })
    })
    const body = JSON.stringify({ site: 'default', token: 'unknown', event: 'pagehide', persisted: false })
    const queued = await page.evaluate<boolean>(
      `navigator.sendBeacon(${JSON.stringify(`${server.url}/api/visitor/beacon`)}, ${JSON.stringify(body)})`,
    )
    expect(queued).toBe(true)
    expect(await answered).toEqual({ origin: shopUrl, status: 204 })
    expect(await problems()).toEqual([])
    await page.close()
  })
})

describe("Porchlight's own pages under their Content-Security-Policy, in Chromium", () => {
  it('runs the demo page, its inline queue stub and the widget with no violation', async () => {
    const { page, problems } = await watchedPage()
    await page.goto(`${server.url}/`)
    await chat(page, 'hello from the demo page')
    expect(await page.evaluate('typeof window.Porchlight')).toBe('function')
    expect(await problems()).toEqual([])
    await page.close()
  })

  it('renders the API reference at /docs with no violation', async () => {
    const { page, problems } = await watchedPage()
    await page.goto(`${server.url}/docs`)
    const operation = page.getByText('/api/conversations/{id}/messages', { exact: true })
    await operation.waitFor()
    await operation.click()
    await page.getByText('PostMessageBody').first().waitFor()
    expect(await problems()).toEqual([])
    await page.close()
  })
})
