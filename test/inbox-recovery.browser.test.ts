import type { WebSocket } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectVisitor } from '../packages/server/test/support/frame-socket.js'
import { startServerProcess, type ServerProcess } from '../packages/server/test/support/server-process.js'
import { startServer } from '../packages/server/test/support/start-server.js'
import { startAttachedChromium, type AttachedChromium } from './support/attached-chromium.js'
import { startFreezableProxy } from './support/freezable-proxy.js'
import { freePort, openInbox, startInboxServer } from './support/inbox.js'

let chromium: AttachedChromium
let server: ServerProcess | undefined
beforeAll(async () => {
  chromium = await startAttachedChromium()
})
afterAll(async () => {
  await server?.close()
  await chromium?.close()
})

/** A visitor (a plain socket) who writes `text` and leaves the socket open. */
async function visitorWrites(wsUrl: string, text: string) {
  const { visitor } = await connectVisitor(wsUrl)
  visitor.send({ type: 'message.send', clientId: 'c1', text })
  await visitor.next('message.ack')
  return visitor
}

describe('the inbox across a server restart', () => {
  it('says it lost the connection, reconnects by itself, and is live again', async () => {
    const port = await freePort()
    const options = { publicUrl: `http://127.0.0.1:${port}` }
    server = await startServerProcess(options, { port })
    const inbox = await openInbox(chromium, server.url)
    const conversations = inbox.getByRole('list', { name: 'Conversations' })
    const before = await visitorWrites(server.wsUrl, 'before the restart')
    await expect.poll(() => conversations.innerText(), { timeout: 10_000 }).toContain('before the restart')

    await server.kill()
    before.close()
    const status = inbox.locator('p.connection')
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('Connection lost. Reconnecting…')

    server = await startServerProcess({ ...options, dataDir: server.dataDir }, { port })
    const after = await visitorWrites(server.wsUrl, 'after the restart')
    // Whether the socket was back before the message (a frame) or after it (the reload on reconnection).
    await expect.poll(() => conversations.innerText(), { timeout: 30_000 }).toContain('after the restart')
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toBe('')
    expect(await inbox.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true)

    // Live again: a frame, not a reload, brings the next one.
    const third = await visitorWrites(server.wsUrl, 'live again')
    await expect.poll(() => conversations.innerText(), { timeout: 10_000 }).toContain('live again')
    after.close()
    third.close()
    await inbox.context().close()
  })

  it('catches up when the network comes back', async () => {
    const network = await startInboxServer({ timings: { heartbeatInterval: 500 } })
    try {
      const inbox = await openInbox(chromium, network.url)
      const conversations = inbox.getByRole('list', { name: 'Conversations' })
      const status = inbox.locator('p.connection')
      await expect.poll(() => status.innerText()).toBe('')
      await inbox.context().setOffline(true)
      // The server drops the page's socket within two heartbeats; the page cannot tell (the server's
      // protocol pings are invisible to it) until the browser is online again, and starts afresh.
      const visitor = await visitorWrites(network.wsUrl, 'while the agent was offline')
      await inbox.context().setOffline(false)
      await expect.poll(() => conversations.innerText(), { timeout: 10_000 }).toContain('while the agent was offline')
      await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('')
      visitor.close()
      await inbox.context().close()
    } finally {
      await network.close()
    }
  })
})

describe('the inbox on a socket that died silently', () => {
  it('notices the silence, reconnects by itself and catches up', async () => {
    // The page reaches the server through a proxy that can forget its socket, as a NAT does: the socket
    // stays open in the browser and nothing more comes through it, not even the server closing it.
    const port = await freePort()
    const proxy = await startFreezableProxy(`127.0.0.1:${port}`)
    const network = await startServer({ publicUrl: proxy.url, timings: { heartbeatInterval: 500 } }, { port })
    try {
      const inbox = await openInbox(chromium, proxy.url)
      const conversations = inbox.getByRole('list', { name: 'Conversations' })
      const status = inbox.locator('p.connection')
      // Watch the inbox's socket from its start: once a ping has come through, the inbox knows the interval.
      // Any of its sockets: on a loaded machine the first one may have been replaced before a ping came.
      const sockets: WebSocket[] = []
      let pinged = false
      inbox.on('websocket', (socket) => {
        sockets.push(socket)
        socket.on('framereceived', ({ payload }) => (pinged ||= String(payload) === '{"type":"ping"}'))
      })
      await inbox.reload()
      await expect.poll(() => pinged, { timeout: 10_000 }).toBe(true)
      await expect.poll(() => status.innerText()).toBe('')

      expect(proxy.freezeWebSockets()).toBeGreaterThanOrEqual(1)
      const visitor = await visitorWrites(network.wsUrl, 'while the socket was dead')
      // No `online` event, no close: only the silence tells the inbox, which opens a new socket.
      await expect.poll(() => conversations.innerText(), { timeout: 10_000 }).toContain('while the socket was dead')
      expect(sockets.length).toBeGreaterThanOrEqual(2)
      await expect.poll(() => status.innerText(), { timeout: 10_000 }).toBe('')

      // Live again: a frame on the new socket, not a reload, brings the next one.
      const again = await visitorWrites(network.wsUrl, 'live on the new socket')
      await expect.poll(() => conversations.innerText(), { timeout: 10_000 }).toContain('live on the new socket')
      visitor.close()
      again.close()
      await inbox.context().close()
    } finally {
      await network.close()
      await proxy.close()
    }
  })
})
