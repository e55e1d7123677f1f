import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest'
import { page, resetPage, shadow } from './support/page.js'
import { startRealServer, type RealServer } from './support/real-server.js'
import { tapSockets, type SocketTap } from './support/socket-tap.js'

// Without `resources: "usable"`, jsdom does not fetch <script src>: these tests run the built bundle
// with `page.eval`, where `document.currentScript` is null, as in a script run from a callback.
const bundle = readFileSync(fileURLToPath(import.meta.resolve('../dist/widget.js')), 'utf8')
let server: RealServer
let tap: SocketTap

beforeAll(async () => {
  server = await startRealServer()
})
afterAll(() => server.close())
beforeEach(() => {
  tap = tapSockets(page)
})
afterEach(() => {
  resetPage()
  tap.restore()
})

test('without document.currentScript, the script tag whose src ends with /widget.js names the server', async () => {
  const tag = document.createElement('script')
  tag.src = `${server.origin}/widget.js`
  tag.dataset.site = 'docs'
  document.body.append(tag)
  page.eval(bundle)
  expect(shadow().querySelector('[role="dialog"]')).not.toBeNull()
  await new Promise((resolve) => page.Porchlight!('on', 'ready', resolve))
  expect(tap.frames).toMatchObject([{ type: 'hello', site: 'docs' }])
})

test('without any widget.js tag it warns and does nothing', () => {
  const warn = vi.spyOn(page.console, 'warn').mockImplementation(() => {})
  expect(() => page.eval(bundle)).not.toThrow()
  expect(warn).toHaveBeenCalledWith('Porchlight:', 'cannot find the widget.js script tag, so not the server either.')
  expect(document.getElementById('porchlight')).toBeNull()
  warn.mockRestore()
})
