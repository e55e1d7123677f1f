// @vitest-environment-options {"resources":"usable"}
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { byRole, loadWidget, page, press, resetPage, shadow } from './support/page.js'
import { startTestServer, type TestServer } from './support/visitor-server.js'

// The widget's DOM contract and keyboard behaviour, run against the built, minified dist/widget.js.
let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())
beforeEach(() => {
  resetPage()
  server.visitors.clear()
  server.received.length = 0
  server.onSend = 'ack'
})
afterEach(() => {
  resetPage()
  expect(server.invalid).toEqual([])
})

const sends = () => server.received.filter((frame) => frame.type === 'message.send')
const bubbles = () => [...byRole('log', 'Messages').querySelectorAll('.m')].map((bubble) => bubble.textContent)

async function openWidget() {
  await loadWidget(server.origin)
  await vi.waitFor(() => expect(server.sockets.size).toBe(1))
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
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(sends()).toEqual([])

    input.value = '  Hello\nthere  '
    expect(press(input, 'Enter')).toBe(true)
    expect(input.value).toBe('')
    await vi.waitFor(() => expect(sends()).toMatchObject([{ text: 'Hello\nthere' }]))
  })

  test('the Send button sends', async () => {
    const { input } = await openWidget()
    input.value = 'By button'
    byRole('button', 'Send').click()
    await vi.waitFor(() => expect(sends()).toMatchObject([{ text: 'By button' }]))
    expect(input.value).toBe('')
  })
})

describe('messages', () => {
  test('a pending message is visibly marked until the server acknowledges it', async () => {
    server.onSend = 'ignore'
    const { input } = await openWidget()
    input.value = 'Is anyone there?'
    press(input, 'Enter')
    await vi.waitFor(() => expect(bubbles()).toEqual(['Is anyone there?Sending…']))
    expect(shadow().querySelector('.m.pending')).not.toBeNull()

    server.onSend = 'ack'
    server.drop(1001)
    await vi.waitFor(() => expect(bubbles()).toEqual(['Is anyone there?']))
    expect(shadow().querySelector('.m.pending')).toBeNull()
  })

  test("replies show the agent's name, and text is rendered as text, never as HTML", async () => {
    await openWidget()
    await vi.waitFor(() => server.visitor())
    server.reply(server.visitor(), '<img src=x onerror="window.hacked=1"><b>bold?</b>', 'Grace')
    await vi.waitFor(() => expect(bubbles()).toEqual(['Grace<img src=x onerror="window.hacked=1"><b>bold?</b>']))
    expect(byRole('log', 'Messages').querySelector('img, b')).toBeNull()
    expect(page.hacked).toBeUndefined()
  })

  test('the conversation comes back after a reload', async () => {
    const { input } = await openWidget()
    input.value = 'Remember me'
    press(input, 'Enter')
    await vi.waitFor(() => expect(bubbles()).toEqual(['Remember me']))
    server.reply(server.visitor(), 'We do.')
    await vi.waitFor(() => expect(bubbles()).toHaveLength(2))

    // A reload: the page goes, localStorage stays.
    page.Porchlight!('shutdown')
    delete page.Porchlight
    await loadWidget(server.origin)
    await vi.waitFor(() => expect(bubbles()).toEqual(['Remember me', 'GraceWe do.']))
    expect(server.visitors.size).toBe(1)
  })
})
