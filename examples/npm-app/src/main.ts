import { createWidget } from '@porchlight/widget'

// `?server=https://chat.example.com` points the example at another Porchlight server.
const server = new URLSearchParams(location.search).get('server') ?? 'http://localhost:3000'

const widget = createWidget({
  server,
  site: 'default',
  user: { name: 'Ada Lovelace', email: 'ada@example.com' },
})

const log = document.querySelector<HTMLOListElement>('#log')!
widget.on('message', (message) => {
  const item = document.createElement('li')
  item.textContent = `${message.authorName ?? message.author}: ${message.text}`
  log.append(item)
})
widget.on('status', (status) => {
  document.querySelector('#status')!.textContent = status
})
// Switch tabs or leave the page alone for the site's idle threshold: the server marks you away.
widget.on('presence', (presence) => {
  document.querySelector('#presence')!.textContent = `${presence.state} (${presence.reason})`
})

document.querySelector('#open')!.addEventListener('click', () => widget.open())
document.querySelector('#close')!.addEventListener('click', () => widget.close())
