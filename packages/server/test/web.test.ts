import { readFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { createRequire } from 'node:module'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { errors } from '@porchlight/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/start-server.js'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

const built = readFileSync(createRequire(import.meta.url).resolve('@porchlight/widget/widget.js'))

/** A GET with exactly these headers (fetch() adds and decodes its own), the body as sent. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    httpRequest(`${server.url}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
    })
      .on('error', reject)
      .end()
  })
}

const decode: Record<string, (body: Buffer) => Buffer> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
  identity: (body) => body,
}

describe('the web endpoints', () => {
  it('reports health', async () => {
    const response = await fetch(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok', uptimeSeconds: expect.any(Number) })
  })

  it('serves the built widget.js, cacheable, loadable from any site', async () => {
    const response = await fetch(`${server.url}/widget.js`, { headers: { origin: 'https://shop.example' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('cache-control')).toContain('max-age=300')
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(response.headers.get('vary')?.toLowerCase().split(/,\s*/).sort()).toEqual(['accept-encoding', 'origin'])
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(Buffer.from(await response.arrayBuffer()).equals(built)).toBe(true)
  })

  it('serves brotli to browsers that accept it, smaller than gzip', async () => {
    const chromium = await get('/widget.js', { 'accept-encoding': 'gzip, deflate, br, zstd' })
    expect(chromium.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(chromium.body).equals(built)).toBe(true)
    const gzip = await get('/widget.js', { 'accept-encoding': 'gzip' })
    expect(gunzipSync(gzip.body).equals(built)).toBe(true)
    expect(chromium.body.length).toBeLessThan(gzip.body.length)
    expect(gzip.body.length).toBeLessThan(built.length)
  })

  it.each([
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['gzip, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0.8, br;q=0.9', 'br'],
    ['gzip;q=0', 'identity'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['*', 'br'],
    ['identity', 'identity'],
    ['identity;q=0, gzip', 'gzip'],
    ['deflate', 'identity'],
  ])('negotiates Accept-Encoding "%s" to %s', async (acceptEncoding, expected) => {
    const response = await get('/widget.js', { 'accept-encoding': acceptEncoding })
    expect(response.status).toBe(200)
    expect(response.headers['content-encoding'] ?? 'identity').toBe(expected)
    expect(decode[expected]!(response.body).equals(built)).toBe(true)
  })

  it.each(['identity;q=0', 'gzip;q=0, identity;q=0', '*;q=0', 'br;q=0, gzip;q=0, identity;q=0'])(
    'answers 406 not_acceptable when Accept-Encoding "%s" refuses every coding',
    async (acceptEncoding) => {
      const response = await get('/widget.js', { 'accept-encoding': acceptEncoding })
      expect(response.status).toBe(406)
      expect(JSON.parse(String(response.body))).toMatchObject({ code: 'not_acceptable', statusCode: errors.not_acceptable.status })
      // An answer that depends on Accept-Encoding, not one to keep.
      expect(response.headers.vary).toContain('accept-encoding')
      expect(response.headers['cache-control']).toBeUndefined()
    },
  )

  it('revalidates with If-None-Match: one tag, a list, a weak tag or *, per coding', async () => {
    const first = await get('/widget.js', { 'accept-encoding': 'br' })
    const etag = first.headers.etag!
    const check = async (ifNoneMatch: string, acceptEncoding = 'br') =>
      (await get('/widget.js', { 'accept-encoding': acceptEncoding, 'if-none-match': ifNoneMatch })).status
    expect(await check(etag)).toBe(304)
    expect(await check(`"older", ${etag}, "other"`)).toBe(304)
    expect(await check(`W/${etag}`)).toBe(304)
    expect(await check('*')).toBe(304)
    expect(await check('"older"')).toBe(200)
    expect(await check(etag.slice(0, -2) + '"')).toBe(200)
    // Each coding is its own representation with its own tag: a cached gzip copy does not match brotli.
    const gzipTag = (await get('/widget.js', { 'accept-encoding': 'gzip' })).headers.etag!
    expect(gzipTag).not.toBe(etag)
    expect(await check(gzipTag)).toBe(200)
    expect(await check(gzipTag, 'gzip')).toBe(304)

    const notModified = await get('/widget.js', { 'accept-encoding': 'br', 'if-none-match': etag })
    expect(notModified.body.length).toBe(0)
    expect(notModified.headers).toMatchObject({
      etag,
      vary: expect.stringContaining('accept-encoding'),
      'cache-control': expect.stringContaining('max-age'),
    })
    expect(notModified.headers['content-encoding']).toBeUndefined()
  })

  it('revalidates the way fetch() does, which adds Cache-Control: no-cache to a conditional request', async () => {
    const first = await fetch(`${server.url}/widget.js`)
    const again = await fetch(`${server.url}/widget.js`, { headers: { 'if-none-match': first.headers.get('etag')! } })
    expect(again.status).toBe(304)
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
})
