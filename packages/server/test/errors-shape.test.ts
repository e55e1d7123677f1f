import { errors } from '@porchlight/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHostApp, type HostApp } from './support/host-app.js'
import { rawHttp, type RawAnswer } from './support/raw-http.js'
import { startServer, type TestServer } from './support/start-server.js'

/** The answer is `{ code, message, statusCode }` as JSON, the code from the registry with its own status. */
function expectCoded(answer: RawAnswer, code: keyof typeof errors): void {
  expect(answer.headers['content-type'], answer.body).toMatch(/^application\/json/)
  const body = JSON.parse(answer.body) as Record<string, unknown>
  const status = (errors[code] as { status?: number }).status
  expect(body).toEqual({ code, message: expect.any(String), statusCode: status })
  expect(answer.status).toBe(status)
}

const get = (path: string, headers = '') => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`
const post = (path: string, type: string, body: string) =>
  `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`

/** Requests that reach Porchlight's routes: they answer coded in a host app too. */
const routeErrors: Array<[string, string, keyof typeof errors]> = [
  ['an id longer than the schema allows', get(`/api/conversations/${'a'.repeat(80)}`), 'bad_request'],
  ['a body that is not JSON', post('/api/auth/login', 'application/json', '{"email":'), 'bad_request'],
  ['an empty JSON body', post('/api/auth/login', 'application/json', ''), 'bad_request'],
  ['a body that is not application/json', post('/api/auth/login', 'text/plain', 'hello'), 'unsupported_media_type'],
  [
    'a body over the limit',
    post('/api/auth/login', 'application/json', JSON.stringify({ email: 'x'.repeat(70_000) })),
    'payload_too_large',
  ],
  ['no session', get('/api/conversations'), 'unauthorized'],
  ['a beacon that is not JSON', post('/api/visitor/beacon', 'text/plain', 'pagehide'), 'bad_request'],
  ['a plain request to the visitor socket', get('/ws/visitor'), 'upgrade_required'],
  ['a plain request to the agent socket, without a session', get('/ws/agent'), 'unauthorized'],
  ['a widget.js request that accepts no coding', get('/widget.js', 'Accept-Encoding: identity;q=0\r\n'), 'not_acceptable'],
]

/** Requests that fail before routing: the standalone server answers them coded as well. */
const serverErrors: Array<[string, string, keyof typeof errors]> = [
  ['a bad percent-encoding in the path', get('/api/conversations/%E0%A4%A'), 'bad_request'],
  ['a bad percent-encoding at the root', get('/%zz'), 'bad_request'],
  ['an id longer than the router allows', get(`/api/conversations/${'a'.repeat(101)}`), 'uri_too_long'],
  ['headers over 16 KiB', get('/healthz', `X-Big: ${'a'.repeat(20_000)}\r\n`), 'headers_too_large'],
  ['thousands of headers', get('/healthz', Array.from({ length: 3000 }, (_, i) => `X-H${i}: v\r\n`).join('')), 'headers_too_large'],
  ['a broken request line', 'GARBAGE\r\n\r\n', 'bad_request'],
  ['an unknown HTTP version', 'GET /healthz HTTP/9.9\r\nHost: localhost\r\n\r\n', 'bad_request'],
  ['an unknown method', 'BREW /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 'bad_request'],
  ['a broken Content-Length', 'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n{}', 'bad_request'],
  ['a broken chunked body', 'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'bad_request'],
  ['no Host header', 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n', 'bad_request'],
  [
    'an unknown expectation',
    `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}`,
    'expectation_failed',
  ],
  ['an address nothing is at', get('/nothing/here'), 'not_found'],
  ['a method the address does not take', 'DELETE /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 'not_found'],
]

describe('errors of the standalone server', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server.close()
  })

  it.each([...routeErrors, ...serverErrors])('answers %s in the registry shape', async (_name, request, code) => {
    expectCoded(await rawHttp(server.url, request), code)
  })

  it('still answers an HTTP/1.0 request without Host', async () => {
    expect((await rawHttp(server.url, 'GET /healthz HTTP/1.0\r\n\r\n')).status).toBe(200)
  })
})

describe('errors of Porchlight mounted in a host app', () => {
  let host: HostApp
  beforeAll(async () => {
    host = await startHostApp()
  })
  afterAll(async () => {
    await host.close()
  })

  it.each(routeErrors)('answers %s in the registry shape', async (_name, request, code) => {
    expectCoded(await rawHttp(host.url, request), code)
  })
})
