import type { Message } from '@porchlight/protocol'
import { createRef, render } from 'preact'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { WidgetView, type WidgetViewProps } from './WidgetView.js'

const container = document.createElement('div')
afterEach(() => render(null, container))

const message = (seq: number, fields: Partial<Message>): Message => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  author: 'agent',
  authorName: null,
  text: `message ${seq}`,
  clientId: null,
  createdAt: '2026-11-21T10:00:00.000Z',
  ...fields,
})

function show(props: Partial<WidgetViewProps> = {}) {
  render(
    <WidgetView
      open
      messages={[]}
      pending={[]}
      status="connected"
      notice={null}
      unread={0}
      email={null}
      typing={null}
      twoWayChat
      launcherRef={createRef()}
      inputRef={createRef()}
      listRef={createRef()}
      onOpen={vi.fn()}
      onClose={vi.fn()}
      onSend={vi.fn()}
      onTyping={vi.fn()}
      {...props}
    />,
    container,
  )
  return {
    bubbles: () => [...container.querySelectorAll('.m')].map((bubble) => [bubble.className, bubble.textContent]),
    status: () => container.querySelector('[role="status"]')?.textContent ?? null,
  }
}

describe('WidgetView', () => {
  test('labels replies by author and marks pending messages', () => {
    const view = show({
      messages: [
        message(1, { author: 'visitor', text: 'Hi' }),
        message(2, { authorName: 'Grace', text: 'Hello' }),
        message(3, { text: 'Anyone?' }),
        message(4, { author: 'bot', text: 'Beep' }),
        message(5, { author: 'system', text: 'Grace joined' }),
      ],
      pending: [{ clientId: 'p1', text: 'On its way', createdAt: '2026-11-21T10:01:00.000Z' }],
    })
    expect(view.bubbles()).toEqual([
      ['m visitor', 'Hi'],
      ['m agent', 'GraceHello'],
      ['m agent', 'SupportAnyone?'],
      ['m bot', 'BotBeep'],
      ['m system', 'Grace joined'],
      ['m visitor pending', 'On its waySending…'],
    ])
    expect(container.querySelector('.empty')).toBeNull()
  })

  test('an empty conversation invites the visitor to write', () => {
    show()
    expect(container.querySelector('.empty')?.textContent).toMatch(/Ask us anything/)
  })

  test('tells the visitor about the connection, and a notice wins over it', () => {
    expect(show({ status: 'connected' }).status()).toBeNull()
    expect(show({ status: 'connecting' }).status()).toBe('Connecting…')
    expect(show({ status: 'reconnecting' }).status()).toBe('Reconnecting…')
    expect(show({ status: 'closed' }).status()).toBe('Chat is unavailable right now.')
    expect(show({ status: 'reconnecting', notice: 'A message could not be sent.' }).status()).toBe('A message could not be sent.')
  })

  test('closed, the panel stays in the DOM but hidden, and the launcher says so', () => {
    show({ open: false })
    expect(container.querySelector<HTMLElement>('[role="dialog"]')?.hidden).toBe(true)
    expect(container.querySelector('.launcher')?.getAttribute('aria-expanded')).toBe('false')
  })

  test('the launcher counts unread replies in its name and on a badge; none says just "Open chat"', () => {
    show({ open: false, unread: 2 })
    const launcher = container.querySelector('.launcher')!
    expect(launcher.getAttribute('aria-label')).toBe('Open chat, 2 unread')
    expect(launcher.querySelector('.badge')?.textContent).toBe('2')
    show({ open: false, unread: 0 })
    expect(launcher.getAttribute('aria-label')).toBe('Open chat')
    expect(launcher.querySelector('.badge')).toBeNull()
  })

  test('stored messages carry their seq for the read receipts; pending ones do not', () => {
    show({
      messages: [message(1, { author: 'visitor' }), message(2, {})],
      pending: [{ clientId: 'p1', text: 'later', createdAt: '2026-11-21T10:01:00.000Z' }],
    })
    expect([...container.querySelectorAll('.m')].map((bubble) => bubble.getAttribute('data-seq'))).toEqual(['1', '2', null])
  })

  test('the email field: one input of type email named "Email", explained, with Save and Skip; the server\'s error tied to it', () => {
    const onSave = vi.fn()
    const onSkip = vi.fn()
    show({ email: { error: null, value: '', onSave, onSkip } })
    const input = container.querySelector<HTMLInputElement>('input')!
    expect(container.querySelectorAll('input')).toHaveLength(1)
    expect([input.type, input.getAttribute('aria-label'), input.getAttribute('aria-invalid')]).toEqual(['email', 'Email', 'false'])
    expect(container.querySelector(`#${input.getAttribute('aria-describedby')}`)?.textContent).toBe('Get replies by email')
    input.value = '  ada@example.com '
    input.form!.requestSubmit()
    expect(onSave).toHaveBeenCalledWith('ada@example.com')
    ;[...container.querySelectorAll('button')].find((button) => button.textContent === 'Skip')!.click()
    expect(onSkip).toHaveBeenCalledOnce()

    render(null, container)
    show({ email: { error: 'Not an address.', value: 'ada@example', onSave, onSkip } })
    const refused = container.querySelector<HTMLInputElement>('input')!
    expect(refused.value).toBe('ada@example')
    expect(refused.getAttribute('aria-invalid')).toBe('true')
    const described = refused
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => container.querySelector(`#${id}`)?.textContent)
    expect(described).toEqual(['Get replies by email', 'Not an address.'])
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Not an address.')
  })

  test('no email field unless asked for', () => {
    show()
    expect(container.querySelector('input')).toBeNull()
  })

  test('shows who is typing a reply below the messages, and nothing when nobody is', () => {
    show({ typing: 'Grace' })
    const typing = container.querySelector('.typing')!
    expect(typing.textContent).toBe('Grace is typing…')
    expect(typing.getAttribute('aria-live')).toBe('polite')
    expect(container.querySelector('[role="log"]')!.contains(typing)).toBe(false)
    show({ typing: null })
    expect(typing.textContent).toBe('')
  })

  test('reports whether the text is empty on every input', () => {
    const onTyping = vi.fn()
    show({ onTyping })
    const input = container.querySelector('textarea')!
    for (const value of ['h', 'hi', '  ']) {
      input.value = value
      input.dispatchEvent(new Event('input', { bubbles: true }))
    }
    expect(onTyping.mock.calls).toEqual([[true], [true], [false]])
  })

  test('without two-way chat: the messages, no composer, and a note saying why', () => {
    show({ twoWayChat: false, messages: [message(1, { text: 'We are closed today' })] })
    expect(container.querySelector('textarea')).toBeNull()
    expect(container.querySelector('form')).toBeNull()
    expect(container.querySelector('.note')?.textContent).toBe('This chat shows our replies only: it does not take messages.')
    expect(container.querySelector('[role="log"]')?.textContent).toContain('We are closed today')
  })
})
