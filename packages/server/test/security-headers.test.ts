import { createHash } from 'node:crypto'
import fastifyHelmet from '@fastify/helmet'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startHostApp, type HostApp } from './support/host-app.js'
import { startServer, type TestServer } from './support/start-server.js'

/** A Content-Security-Policy header as directive name to sources. */
function policy(header: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  )
}

function expectBaseline(headers: Headers, path: string): void {
  expect(headers.get('x-content-type-options'), path).toBe('nosniff')
  expect(headers.get('referrer-policy'), path).toBe('no-referrer')
  expect(headers.get('x-frame-options'), path).toBe('DENY')
  expect(policy(headers.get('content-security-policy'))['frame-ancestors'], path).toEqual(["'none'"])
  // Cross-origin isolation would keep other sites from loading the widget.
  expect(headers.get('cross-origin-embedder-policy'), path).toBeNull()
  // HSTS is for whoever terminates TLS for the whole domain.
  expect(headers.get('strict-transport-security'), path).toBeNull()
}

describe('security headers of the standalone server', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server.close()
  })

  it.each(['/', '/docs', '/docs/static/swagger-ui.css', '/openapi.json', '/healthz', '/widget.js', '/api/conversations', '/nothing'])(
    'sets nosniff, a referrer policy and frame protection on %s',
    async (path) => {
      expectBaseline((await fetch(`${server.url}${path}`)).headers, path)
    },
  )

  it('allows nothing to what is not a page', async () => {
    for (const path of ['/api/conversations', '/healthz', '/nothing']) {
      const csp = policy((await fetch(`${server.url}${path}`)).headers.get('content-security-policy'))
      expect(csp['default-src'], path).toEqual(["'none'"])
    }
  })

  it('gives the demo page a strict policy that names its inline script by hash', async () => {
    const response = await fetch(`${server.url}/`)
    const csp = policy(response.headers.get('content-security-policy'))
    const inline = /<script>([\s\S]*?)<\/script>/.exec(await response.text())![1]!
    expect(csp['script-src']).toEqual(["'self'", `'sha256-${createHash('sha256').update(inline).digest('base64')}'`])
    expect(csp['default-src']).toEqual(["'self'"])
    expect(csp['object-src']).toEqual(["'none'"])
    expect(csp['base-uri']).toEqual(["'none'"])
  })

  it('gives /docs the same page policy, with no inline script', async () => {
    const csp = policy((await fetch(`${server.url}/docs`)).headers.get('content-security-policy'))
    expect(csp['script-src']).toEqual(["'self'"])
    expect(csp['style-src']).toEqual(["'self'"])
    expect(csp['frame-ancestors']).toEqual(["'none'"])
  })

  it('lets other sites load widget.js, and only it', async () => {
    expect((await fetch(`${server.url}/widget.js`)).headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect((await fetch(`${server.url}/api/conversations`)).headers.get('cross-origin-resource-policy')).toBe('same-origin')
  })
})

describe('security headers of Porchlight mounted in a host app', () => {
  let host: HostApp | undefined
  afterEach(async () => {
    await host?.close()
  })

  it('sets them on its own routes only', async () => {
    host = await startHostApp({}, (app) => {
      app.get('/', () => 'the host page')
    })
    const page = await fetch(`${host.url}/`)
    expect(page.headers.get('content-security-policy')).toBeNull()
    expect(page.headers.get('x-frame-options')).toBeNull()
    for (const path of ['/healthz', '/api/conversations', '/docs']) {
      expect((await fetch(`${host.url}${path}`)).headers.get('x-content-type-options'), path).toBe('nosniff')
    }
  })

  it('defers to a host app that sets its own, and still lets other sites load widget.js', async () => {
    host = await startHostApp({}, async (app) => {
      await app.register(fastifyHelmet, { referrerPolicy: { policy: 'same-origin' } })
    })
    expect((await fetch(`${host.url}/healthz`)).headers.get('referrer-policy')).toBe('same-origin')
    expect((await fetch(`${host.url}/widget.js`)).headers.get('cross-origin-resource-policy')).toBe('cross-origin')
  })
})
