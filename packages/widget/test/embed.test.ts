// @vitest-environment-options {"resources":"usable"}
import type { Message } from '@porchlight/protocol'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { byRole, loadWidget, page, press, queueStub, resetPage, runInPage, shadow } from './support/page.js'
import { startRealServer, type RealServer } from './support/real-server.js'
import { tapSockets, type SocketTap } from './support/socket-tap.js'

// The script-tag API, run against the built, minified dist/widget.js loaded by a real <script> tag, and
// the real server.
let server: RealServer
let tap: SocketTap

beforeAll(async () => {
  server = await startRealServer()
})
afterAll(() => server.close())
beforeEach(async () => {
  resetPage()
  await server.idle()
  tap = tapSockets(page)
})
afterEach(() => {
  resetPage()
  tap.restore()
  expect(tap.invalid).toEqual([])
})

const hellos = () => tap.sent('hello')

describe('the command queue', () => {
  test('replays the calls queued before the script loaded, in order, then takes commands directly', async () => {
    runInPage(queueStub)
    const ready = vi.fn()
    page.Porchlight!('identify', { email: 'ada@example.com', name: 'Ada' })
    page.Porchlight!('on', 'ready', ready)
    page.Porchlight!('open')
    expect(page.Porchlight!.q).toHaveLength(3)

    await loadWidget(server.origin, { site: 'docs' })
    expect(page.Porchlight!.q).toBeUndefined()
    expect(byRole('dialog', 'Chat').hidden).toBe(false)
    await vi.waitFor(() => expect(ready).toHaveBeenCalledWith({ visitorId: expect.any(String), conversationId: null }))
    expect(tap.sent('identify')).toEqual([{ type: 'identify', email: 'ada@example.com', name: 'Ada' }])

    page.Porchlight!('close')
    expect(byRole('dialog', 'Chat').hidden).toBe(true)
  })

  test('connects to the script\'s own origin with the site from data-site, "default" without it', async () => {
    await loadWidget(server.origin, { site: 'docs' })
    await new Promise((resolve) => page.Porchlight!('on', 'ready', resolve))
    resetPage()
    await loadWidget(server.origin)
    await new Promise((resolve) => page.Porchlight!('on', 'ready', resolve))
    // The page is on http://localhost:3000; the hellos reached the server the script came from.
    expect(location.origin).not.toBe(server.origin)
    expect(hellos().map((hello) => [hello.site, hello.url])).toEqual([
      ['docs', location.href],
      ['default', location.href],
    ])
  })

  test('on returns an unsubscribe function; open, close and message events reach the page', async () => {
    await loadWidget(server.origin)
    const events: string[] = []
    const offOpen = page.Porchlight!('on', 'open', () => events.push('open')) as () => void
    page.Porchlight!('on', 'close', () => events.push('close'))
    page.Porchlight!('on', 'message', (message: Message) => events.push(`${message.author}: ${message.text}`))
    page.Porchlight!('open')
    page.Porchlight!('open')
    page.Porchlight!('close')
    offOpen()
    page.Porchlight!('open')
    expect(events).toEqual(['open', 'close'])

    const sent = new Promise<Message>((resolve) => page.Porchlight!('on', 'message', resolve))
    const input = byRole('textbox', 'Message') as HTMLTextAreaElement
    input.value = 'Hello?'
    press(input, 'Enter')
    await server.reply((await sent).conversationId, 'Hi, I am Grace')
    await vi.waitFor(() => expect(events).toEqual(['open', 'close', 'visitor: Hello?', 'agent: Hi, I am Grace']))
  })

  test('an unknown command warns and throws nothing, queued or not', async () => {
    const warn = vi.spyOn(page.console, 'warn').mockImplementation(() => {})
    runInPage(queueStub)
    page.Porchlight!('boot', { app: 1 })
    page.Porchlight!('open')
    await loadWidget(server.origin)
    expect(byRole('dialog', 'Chat').hidden).toBe(false)
    expect(page.Porchlight!('fly')).toBeUndefined()
    expect(page.Porchlight!('toString')).toBeUndefined()
    expect(warn.mock.calls).toEqual([
      ['Porchlight:', 'unknown command "boot".'],
      ['Porchlight:', 'unknown command "fly".'],
      ['Porchlight:', 'unknown command "toString".'],
    ])
    warn.mockRestore()
  })

  test('shutdown removes the widget and closes the socket; later commands only warn', async () => {
    await loadWidget(server.origin)
    await new Promise((resolve) => page.Porchlight!('on', 'ready', resolve))
    page.Porchlight!('shutdown')
    expect(document.getElementById('porchlight')).toBeNull()
    expect(tap.closes).toEqual([{ code: 1000, reason: 'shutdown' }])
    await server.idle()

    const warn = vi.spyOn(page.console, 'warn').mockImplementation(() => {})
    expect(() => page.Porchlight!('open')).not.toThrow()
    expect(warn).toHaveBeenCalledWith('Porchlight:', '"open" after shutdown does nothing.')
    warn.mockRestore()
  })

  test('a second copy of the script does not start a second widget', async () => {
    const warn = vi.spyOn(page.console, 'warn').mockImplementation(() => {})
    await loadWidget(server.origin)
    await loadWidget(server.origin)
    expect(document.querySelectorAll('#porchlight')).toHaveLength(1)
    expect(shadow().querySelectorAll('[role="dialog"]')).toHaveLength(1)
    // A widget opens its socket as its script runs: a second one would have by now.
    expect(tap.opened).toBe(1)
    expect(warn).toHaveBeenCalledOnce()
    warn.mockRestore()
  })
})
