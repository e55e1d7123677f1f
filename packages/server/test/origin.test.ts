import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../src/config/config-error.js'
import { resolveOptions } from '../src/config/options.js'
import { connectVisitor, FrameSocket } from './support/frame-socket.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

// The server listens on 127.0.0.1 over plain HTTP, as behind a proxy that terminates TLS for the public
// URL and rewrites Host: the Host header the server sees is never the public URL's.
const publicOrigin = 'https://chat.example.com'
let server: TestServer
let cookie: string
beforeAll(async () => {
  server = await startServer({ publicUrl: `${publicOrigin}/`, allowedOrigins: ['https://support.example.com:8443'] })
  cookie = await login(server.url)
})
afterAll(async () => {
  await server.close()
})

/** A state-changing request (sign-out answers 204 and changes nothing else) from `origin`. */
async function postFrom(origin: string | undefined): Promise<number> {
  const response = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: origin === undefined ? {} : { origin } })
  if (response.status === 403) expect(await response.json()).toMatchObject({ code: 'forbidden_origin', statusCode: 403 })
  return response.status
}

describe('the agent API’s origin check', () => {
  it('accepts the public URL’s origin, however it is written, and the allowed origins, whatever the Host', async () => {
    for (const origin of [
      publicOrigin,
      'https://chat.example.com:443',
      'HTTPS://Chat.Example.COM',
      'https://support.example.com:8443',
      undefined,
    ]) {
      expect(await postFrom(origin), String(origin)).toBe(204)
    }
  })

  it('refuses another scheme, port or host, the Host header’s own origin, and an opaque origin', async () => {
    const host = new URL(server.url).host
    for (const origin of [
      'http://chat.example.com',
      'https://chat.example.com:8443',
      'https://chat.example.com.evil.example',
      'https://support.example.com',
      `https://${host}`,
      `http://${host}`,
      'null',
      'not a url',
    ]) {
      expect(await postFrom(origin), origin).toBe(403)
    }
  })

  it('stores nothing a refused request asked for', async () => {
    const { visitor } = await connectVisitor(server.wsUrl)
    visitor.send({ type: 'message.send', clientId: 'c1', text: 'hi' })
    const { conversationId } = await visitor.next('message.ack')
    visitor.close()
    const send = (origin: string) =>
      fetch(`${server.url}/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ text: origin }),
      })
    expect((await send(`https://${new URL(server.url).host}`)).status).toBe(403)
    expect((await send(publicOrigin)).status).toBe(201)
    const { body } = await api(server.url, cookie, `/api/conversations/${conversationId}`)
    expect(body.conversation.messages.map((message: { text: string }) => message.text)).toEqual(['hi', publicOrigin])
  })

  it('opens /ws/agent only from an accepted origin', async () => {
    const host = new URL(server.url).host
    for (const origin of ['http://chat.example.com', `https://${host}`, 'null']) {
      const refused = new FrameSocket(`${server.wsUrl}/ws/agent`, { headers: { cookie }, origin })
      await expect(refused.opened(), origin).rejects.toThrow('HTTP 403')
    }
    for (const origin of [publicOrigin, 'https://support.example.com:8443']) {
      const agent = new FrameSocket(`${server.wsUrl}/ws/agent`, { headers: { cookie }, origin })
      await agent.opened()
      agent.close()
    }
  })
})

describe('a public URL on this machine', () => {
  it('accepts each loopback name at its scheme and port, and no other port or scheme', async () => {
    const local = await startServer({ publicUrl: 'http://localhost:4567' })
    try {
      const status = async (origin: string) => (await fetch(`${local.url}/api/auth/logout`, { method: 'POST', headers: { origin } })).status
      for (const origin of ['http://localhost:4567', 'http://127.0.0.1:4567', 'http://[::1]:4567']) {
        expect(await status(origin), origin).toBe(204)
      }
      for (const origin of ['http://127.0.0.1:4568', 'https://localhost:4567', 'http://localhost']) {
        expect(await status(origin), origin).toBe(403)
      }
    } finally {
      await local.close()
    }
  })
})

describe('allowedOrigins', () => {
  it('takes origins only, and names itself when given anything else', () => {
    const resolve = (allowedOrigins: unknown) => resolveOptions({ dataDir: '/tmp/x', allowedOrigins: allowedOrigins as string[] })
    expect(resolve(['HTTPS://Support.Example.com:443', 'http://10.0.0.5:8080/']).allowedOrigins).toEqual([
      'https://support.example.com',
      'http://10.0.0.5:8080',
    ])
    for (const bad of [['https://support.example.com/inbox'], ['ftp://files.example.com'], ['*'], 'https://support.example.com']) {
      expect(() => resolve(bad)).toThrow(ConfigError)
      expect(() => resolve(bad)).toThrow(/allowedOrigins/)
    }
  })
})
