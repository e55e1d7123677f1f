import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { brotliDecompressSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/start-server.js'

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
})

const built = (name: string) => readFileSync(new URL(`../dist/inbox-app/${name}`, import.meta.url))

/** The page and the addresses of the script and stylesheet it names. */
async function inboxPage() {
  const response = await fetch(`${server.url}/inbox`)
  const html = await response.text()
  const script = /<script defer src="(\/inbox\/inbox\.[\w-]+\.js)"><\/script>/.exec(html)?.[1]
  const style = /<link rel="stylesheet" href="(\/inbox\/inbox\.[\w-]+\.css)">/.exec(html)?.[1]
  return { response, html, script: script!, style: style! }
}

describe('GET /inbox', () => {
  it('serves a page with a strict policy: no inline script or style, no framing', async () => {
    const { response, html, script, style } = await inboxPage()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-cache')
    const policy = response.headers.get('content-security-policy')!
    expect(policy).toContain("script-src 'self';")
    expect(policy).toContain("style-src 'self';")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).not.toContain('unsafe-inline')
    expect(html).not.toMatch(/<script>|<style|style=/)
    expect(script).toBeDefined()
    expect(style).toBeDefined()
  })

  it('serves the built script and stylesheet under fingerprinted addresses, compressed and cached for good', async () => {
    const { script, style } = await inboxPage()
    const js = await fetch(`${server.url}${script}`)
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(js.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect(Buffer.from(await js.arrayBuffer()).equals(built('inbox.js'))).toBe(true)

    const css = await fetch(`${server.url}${style}`, { headers: { 'accept-encoding': 'br' } })
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(Buffer.from(await css.arrayBuffer()).equals(built('inbox.css'))).toBe(true)

    // Node's fetch decodes brotli itself: the raw answer is checked through the ETag's revalidation.
    const etag = js.headers.get('etag')!
    const again = await fetch(`${server.url}${script}`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
  })

  it('answers 404 for an address that no build named', async () => {
    const response = await fetch(`${server.url}/inbox/inbox.0000000000.js`)
    expect(response.status).toBe(404)
    expect(((await response.json()) as { code: string }).code).toBe('not_found')
  })

  it('compresses the script with brotli for browsers that accept it', async () => {
    const { script } = await inboxPage()
    const body = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${server.url}${script}`, { headers: { 'accept-encoding': 'gzip, br' } }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }))
      })
        .on('error', reject)
        .end()
    })
    expect(body.encoding).toBe('br')
    expect(brotliDecompressSync(body.body).equals(built('inbox.js'))).toBe(true)
  })
})
