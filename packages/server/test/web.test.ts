import { gunzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/start-server.js'
import { createRequire } from 'node:module'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

describe('the web endpoints', () => {
  it('reports health', async () => {
    const response = await fetch(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok', uptimeSeconds: expect.any(Number) })
  })

  it('serves the built widget.js, compressed, cacheable, loadable from any site', async () => {
    const built = readFileSync(createRequire(import.meta.url).resolve('@porchlight/widget/widget.js'))
    const response = await fetch(`${server.url}/widget.js`, { headers: { origin: 'https://shop.example' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('cache-control')).toContain('max-age=300')
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(Buffer.from(await response.arrayBuffer()).equals(built)).toBe(true)

    const etag = response.headers.get('etag')!
    const revalidated = await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': etag } })
    expect(revalidated.status).toBe(304)

    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${server.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }))
        }).on('error', reject),
      )
    })
    expect(raw.encoding).toBe('gzip')
    expect(gunzipSync(raw.body).equals(built)).toBe(true)
  })

  it('does not open the agent API to other origins', async () => {
    const response = await fetch(`${server.url}/api/conversations`, { headers: { origin: 'https://shop.example' } })
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('serves a demo page with the widget script tag and the queue stub', async () => {
    const response = await fetch(`${server.url}/`)
    expect(response.headers.get('content-type')).toContain('text/html')
    const html = await response.text()
    expect(html).toContain('<script async src="/widget.js" data-site="default"></script>')
    expect(html).toContain('(Porchlight.q = Porchlight.q || []).push(arguments)')
  })

  it('publishes an OpenAPI document of the agent API, generated from the protocol schemas, and its docs page', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as Record<string, any>
    expect(document.openapi).toMatch(/^3\./)
    for (const path of [
      '/api/auth/login',
      '/api/auth/logout',
      '/api/conversations',
      '/api/conversations/{id}',
      '/api/conversations/{id}/messages',
      '/api/conversations/{id}/presence',
      '/api/visitor/beacon',
    ]) {
      expect(Object.keys(document.paths)).toContain(path)
    }
    const reply = document.paths['/api/conversations/{id}/messages'].post
    expect(reply.requestBody.content['application/json'].schema.properties.text).toMatchObject({ maxLength: 4000 })
    expect(Object.keys(document.paths)).not.toContain('/ws/visitor')
    const docs = await fetch(`${server.url}/docs`)
    expect(docs.status).toBe(200)
    expect(await docs.text()).toContain('swagger')
  })
})
