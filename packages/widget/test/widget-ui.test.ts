// @vitest-environment-options {"resources":"usable"}
import type { Message } from '@porchlight/protocol'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { byRole, loadWidget, page, press, resetPage, shadow } from './support/page.js'
import { startRealServer, type RealServer } from './support/real-server.js'
import { tapSockets, type SocketTap } from './support/socket-tap.js'

// The widget's DOM contract and keyboard behaviour, run against the built, minified dist/widget.js and
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

const sends = () => tap.sent('message.send')
const bubbles = () => [...byRole('log', 'Messages').querySelectorAll('.m')].map((bubble) => bubble.textContent)

/** The next stored message the page learns of. */
const nextMessage = () => new Promise<Message>((resolve) => page.Porchlight!('on', 'message', resolve))

async function openWidget() {
  await loadWidget(server.origin)
  await new Promise((resolve) => page.Porchlight!('on', 'ready', resolve))
  byRole('button', 'Open chat').click()
  return { input: byRole('textbox', 'Message') as HTMLTextAreaElement, dialog: byRole('dialog', 'Chat') }
}

describe('DOM contract', () => {
  test('renders into an open shadow root on <div id="porchlight"> with the documented names', async () => {
    await loadWidget(server.origin)
    const host = document.getElementById('porchlight')!
    expect(host.parentElement).toBe(document.body)
    expect(host.shadowRoot?.mode).toBe('open')
    expect(host.children).toHaveLength(0)

    const launcher = byRole('button', 'Open chat')
    expect(launcher.tagName).toBe('BUTTON')
    expect(launcher.getAttribute('aria-expanded')).toBe('false')
    const dialog = byRole('dialog', 'Chat')
    expect(dialog.hidden).toBe(true)
    const log = byRole('log', 'Messages')
    expect(log.getAttribute('aria-live')).toBe('polite')
    expect(dialog.contains(log)).toBe(true)
    expect(byRole('textbox', 'Message').tagName).toBe('TEXTAREA')
    expect(byRole('textbox', 'Message').getAttribute('maxlength')).toBe('4000')
    expect(byRole('button', 'Send').getAttribute('type')).toBe('submit')
    expect(shadow().querySelector('style')?.textContent).toContain('.launcher')
  })

  test('uses a #porchlight element the page already has, and leaves it in place on shutdown', async () => {
    const own = document.createElement('div')
    own.id = 'porchlight'
    document.body.append(own)
    await loadWidget(server.origin)
    expect(document.querySelectorAll('#porchlight')).toHaveLength(1)
    expect(own.shadowRoot?.querySelector('[role="dialog"]')).not.toBeNull()
    page.Porchlight!('shutdown')
    expect(own.isConnected).toBe(true)
    expect(own.shadowRoot?.childNodes).toHaveLength(0)
  })
})

describe('keyboard and focus', () => {
  test('opening focuses the message box; Escape closes and returns focus to the launcher', async () => {
    const { input, dialog } = await openWidget()
    expect(dialog.hidden).toBe(false)
    expect(byRole('button', 'Open chat').getAttribute('aria-expanded')).toBe('true')
    expect(shadow().activeElement).toBe(input)

    press(input, 'Escape')
    expect(dialog.hidden).toBe(true)
    expect(shadow().activeElement).toBe(byRole('button', 'Open chat'))
  })

  test('the close button closes the panel too', async () => {
    const { dialog } = await openWidget()
    byRole('button', 'Close chat').click()
    expect(dialog.hidden).toBe(true)
  })

  test('Enter sends and clears the box; Shift+Enter and blank text send nothing', async () => {
    const { input } = await openWidget()
    input.value = 'first line'
    expect(press(input, 'Enter', { shiftKey: true })).toBe(false)
    input.value = '   \n '
    expect(press(input, 'Enter')).toBe(true)

    // A message sent after them comes first: nothing went out before it.
    input.value = '  Hello\nthere  '
    expect(press(input, 'Enter')).toBe(true)
    expect(input.value).toBe('')
    await nextMessage()
    expect(sends()).toMatchObject([{ text: 'Hello\nthere' }])
    await vi.waitFor(() => expect(bubbles()).toEqual(['Hello\nthere']))
  })

  test('the Send button sends', async () => {
    const { input } = await openWidget()
    input.value = 'By button'
    byRole('button', 'Send').click()
    expect(sends()).toMatchObject([{ text: 'By button' }])
    expect(input.value).toBe('')
  })
})

describe('messages', () => {
  test('a pending message is visibly marked until the server acknowledges it', async () => {
    const { input } = await openWidget()
    await server.stop()
    input.value = 'Is anyone there?'
    press(input, 'Enter')
    await vi.waitFor(() => expect(bubbles()).toEqual(['Is anyone there?Sending…']))
    expect(shadow().querySelector('.m.pending')).not.toBeNull()

    await server.start()
    page.dispatchEvent(new page.Event('online'))
    await vi.waitFor(() => expect(bubbles()).toEqual(['Is anyone there?']))
    expect(shadow().querySelector('.m.pending')).toBeNull()
  })

  test("replies show the agent's name, and text is rendered as text, never as HTML", async () => {
    const { input } = await openWidget()
    input.value = 'Hello'
    const sent = nextMessage()
    press(input, 'Enter')
    const reply = await server.reply((await sent).conversationId, '<img src=x onerror="window.hacked=1"><b>bold?</b>')
    await vi.waitFor(() => expect(bubbles()).toEqual(['Hello', `${reply.authorName}<img src=x onerror="window.hacked=1"><b>bold?</b>`]))
    expect(byRole('log', 'Messages').querySelector('img, b')).toBeNull()
    expect(page.hacked).toBeUndefined()
  })

  test('the conversation comes back after a reload', async () => {
    const { input } = await openWidget()
    input.value = 'Remember me'
    const sent = nextMessage()
    press(input, 'Enter')
    const reply = await server.reply((await sent).conversationId, 'We do.')
    await vi.waitFor(() => expect(bubbles()).toHaveLength(2))

    // A reload: the page goes, localStorage stays.
    page.Porchlight!('shutdown')
    delete page.Porchlight
    await loadWidget(server.origin)
    await vi.waitFor(() => expect(bubbles()).toEqual(['Remember me', `${reply.authorName}We do.`]))
    const [first, again] = tap.sent('hello')
    expect(first!.token).toBeUndefined()
    expect(again!.token, 'the same visitor').toEqual(expect.any(String))
  })
})

describe('the team’s availability', () => {
  const subtitle = () => shadow().querySelector('header small')?.textContent
  const launcher = () => shadow().querySelector<HTMLButtonElement>('.launcher')!

  test('the header promises a reply soon while an agent is online, by email otherwise, and follows live', async () => {
    await openWidget()
    expect(subtitle()).toBe('We’ll reply by email')
    const agent = await server.agentOnline()
    await vi.waitFor(() => expect(subtitle()).toBe('We usually reply in a few minutes'))
    await agent.leave()
    await vi.waitFor(() => expect(subtitle()).toBe('We’ll reply by email'))
  })

  test('a site may hide the launcher while nobody is online, but never from a visitor with a conversation', async () => {
    try {
      await loadWidget(server.origin, { site: 'docs' })
      await new Promise((resolve) => page.Porchlight!('on', 'ready', resolve))
      expect(launcher().hidden).toBe(false)
      // The site's change reaches the open page at once.
      await server.updateSite('docs', { widget: { hideLauncherWhenTeamOffline: true } })
      await vi.waitFor(() => expect(launcher().hidden).toBe(true))
      const agent = await server.agentOnline()
      await vi.waitFor(() => expect(launcher().hidden).toBe(false))
      // The visitor writes while someone is there; once nobody is, they still find their conversation.
      launcher().click()
      const input = byRole('textbox', 'Message') as HTMLTextAreaElement
      input.value = 'Are you there?'
      const sent = nextMessage()
      press(input, 'Enter')
      await sent
      await agent.leave()
      await vi.waitFor(() => expect(subtitle()).toBe('We’ll reply by email'))
      expect(launcher().hidden).toBe(false)
    } finally {
      await server.updateSite('docs', { widget: { hideLauncherWhenTeamOffline: null } })
    }
  })
})
