import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { resolveOptions, type PorchlightOptions } from '../src/config/options.js'
import { defaultPasswordCost, hashPassword, verifyPassword } from '../src/identity/passwords.js'
import { Store } from '../src/store/store.js'
import { admin, startServer, type TestServer } from './support/start-server.js'

interface Answer {
  status: number
  body: Record<string, any>
  retryAfter: string | undefined
  cookies: string[]
}

/**
 * `POST /api/auth/login` from a loopback address of its own (127.0.0.0/8 is all this machine), so that
 * the server sees each attempt come from another client.
 */
function signIn(
  server: TestServer,
  credentials: { email: string; password: string },
  from = '127.0.0.1',
  cookie?: string,
): Promise<Answer> {
  const { port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', ...(cookie !== undefined && { cookie }) },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            body: JSON.parse(text),
            retryAfter: response.headers['retry-after'],
            cookies: response.headers['set-cookie'] ?? [],
          }),
        )
      },
    )
    outgoing.on('error', reject)
    outgoing.end(JSON.stringify(credentials))
  })
}

const guess = (email: string, n: number) => ({ email, password: `guess ${n}` })

let now = Date.UTC(2030, 0, 1)
const limits: Partial<PorchlightOptions> = {
  clock: () => now,
  // Two per address and minute: every address below stays under it, so only the account's count can stop them.
  rateLimits: { loginAttemptsPerAccount: 2, loginAttemptsWindow: 60_000, loginAttemptsPerMinute: 2 },
}
const servers: TestServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0).reverse()) await server.close()
})

/** The password hash the server's database holds for `email`, read as another node would. */
async function storedHash(server: TestServer, email: string): Promise<string> {
  const store = await Store.open(server.dataDir)
  const credentials = await store.agents.findCredentials(email)
  await store.close()
  return credentials!.passwordHash
}

async function start(options: Partial<PorchlightOptions> = limits): Promise<TestServer> {
  const server = await startServer(options)
  servers.push(server)
  return server
}

describe('sign-in attempts per account', () => {
  it('stop guesses spread over many addresses, answer an unknown email the same way, and end with the window', async () => {
    const server = await start()
    for (const email of [admin.email, 'nobody@example.com']) {
      const answers: Answer[] = []
      for (let n = 0; n < 4; n++) answers.push(await signIn(server, guess(email, n), `127.0.0.${10 + n}`))
      expect(
        answers.map((answer) => answer.status),
        email,
      ).toEqual([401, 401, 429, 429])
      expect(answers[2]!.body).toEqual({ code: 'too_many_sign_in_attempts', message: expect.any(String), statusCode: 429 })
      expect(answers.map((answer) => answer.retryAfter)).toEqual([undefined, undefined, '60', '60'])
    }

    // The agent, from an address of their own and with the right password, waits like everyone else...
    now += 45_500
    const locked = await signIn(server, admin, '127.0.0.20')
    expect([locked.status, locked.retryAfter]).toEqual([429, '15'])
    // ...until the window ends, and no longer.
    now += 14_500
    expect((await signIn(server, admin, '127.0.0.20')).status).toBe(200)
  })

  it('count attempts made at once, and on another node sharing the database, in one count', async () => {
    const server = await start()
    const other = await startServer({ ...limits, dataDir: server.dataDir })
    servers.push(other)
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, n) => signIn(n % 2 === 0 ? server : other, guess(admin.email, n), `127.0.0.${30 + n}`)),
    )
    expect(answers.map((answer) => answer.status).sort()).toEqual([401, 401, 429, 429, 429, 429])
  })

  it('start again after a successful sign-in', async () => {
    const server = await start()
    expect((await signIn(server, guess(admin.email, 0), '127.0.0.40')).status).toBe(401)
    expect((await signIn(server, admin, '127.0.0.41')).status).toBe(200)
    for (let n = 1; n < 3; n++) expect((await signIn(server, guess(admin.email, n), `127.0.0.${41 + n}`)).status).toBe(401)
    expect((await signIn(server, guess(admin.email, 3), '127.0.0.44')).status).toBe(429)
  })

  it('keep an agent in from a browser they signed in from before, while others lock the account', async () => {
    const server = await start()
    const first = await signIn(server, admin, '127.0.0.50')
    const device = first.cookies.find((cookie) => cookie.startsWith('porchlight_device='))!
    expect(device).toMatch(/; Path=\/api\/auth\/login/)
    expect(device).toMatch(/; HttpOnly/)
    const deviceCookie = device.split(';')[0]!

    for (let n = 0; n < 3; n++) await signIn(server, guess(admin.email, n), `127.0.0.${51 + n}`)
    expect((await signIn(server, admin, '127.0.0.60')).status).toBe(429)
    expect((await signIn(server, admin, '127.0.0.61', deviceCookie)).status).toBe(200)
    // A forged device cookie is no device: it counts with everyone else.
    const forged = `porchlight_device=${deviceCookie.split('=')[1]!.split('.')[0]}.${'A'.repeat(43)}`
    expect((await signIn(server, admin, '127.0.0.62', forged)).status).toBe(429)
    // The browser's own guesses are limited too.
    for (let n = 0; n < 2; n++) {
      expect((await signIn(server, guess(admin.email, n), `127.0.0.${63 + n}`, deviceCookie)).status).toBe(401)
    }
    expect((await signIn(server, admin, '127.0.0.66', deviceCookie)).status).toBe(429)
  })
})

// At the production cost every hash takes about 300 ms on an idle core, several times that on a busy machine.
describe('a password hashed at the old cost', { timeout: 30_000 }, () => {
  const agent = { id: randomUUID(), email: 'old@example.com', name: 'Old', role: 'agent' as const }
  const password = 'an old but good password'
  it('signs in, and is then stored at the current cost; a wrong password changes nothing', async () => {
    const first = await start({ passwordCost: defaultPasswordCost })
    await first.stop()
    const store = await Store.open(first.dataDir)
    await store.agents.create(agent, await hashPassword(password, { N: 16384, r: 8, p: 1 }), now)
    await store.close()
    const server = await first.restart()
    servers.push(server)

    expect((await signIn(server, { email: agent.email, password: 'wrong' })).status).toBe(401)
    expect(await storedHash(server, agent.email)).toMatch(/^scrypt\$16384\$8\$1\$/)

    expect((await signIn(server, { email: agent.email, password })).status).toBe(200)
    const upgraded = await storedHash(server, agent.email)
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/)
    expect(await verifyPassword(password, upgraded)).toBe(true)
    expect((await signIn(server, { email: agent.email, password })).status).toBe(200)
  })

  it('is not replaced when the password changed while the old one was being checked', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'porchlight-test-'))
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }))
    const store = await Store.open(dataDir)
    await store.agents.create(agent, 'scrypt$16384$8$1$changed$meanwhile', now)
    expect(await store.agents.replacePasswordHash(agent.id, 'scrypt$16384$8$1$checked$before', 'scrypt$131072$8$1$from$old')).toBe(false)
    expect((await store.agents.findCredentials(agent.email))!.passwordHash).toBe('scrypt$16384$8$1$changed$meanwhile')
    await store.close()
  })
})

describe('passwordCost', () => {
  it('is the cost of new hashes, and a hash at it is kept as it is at sign-in', async () => {
    const server = await start({ passwordCost: { N: 2048, r: 4 } })
    const seeded = await storedHash(server, admin.email)
    expect(seeded).toMatch(/^scrypt\$2048\$4\$1\$/)
    expect((await signIn(server, admin)).status).toBe(200)
    expect(await storedHash(server, admin.email)).toBe(seeded)
  })

  it('defaults to OWASP’s, and refuses a cost scrypt cannot take or one over 1 GiB, naming it', () => {
    expect(resolveOptions({ dataDir: '/tmp/x' }).passwordCost).toEqual({ N: 131072, r: 8, p: 1 })
    expect(resolveOptions({ dataDir: '/tmp/x', passwordCost: { N: 1024 } }).passwordCost).toEqual({ N: 1024, r: 8, p: 1 })
    for (const [passwordCost, setting] of [
      [{ N: 1000 }, 'passwordCost.N'],
      [{ N: 1 }, 'passwordCost.N'],
      [{ r: 0 }, 'passwordCost.r'],
      [{ N: 2 ** 21 }, 'passwordCost'],
    ] as const) {
      expect(() => resolveOptions({ dataDir: '/tmp/x', passwordCost }), setting).toThrow(
        expect.objectContaining({ name: 'ConfigError', setting }),
      )
    }
  })
})
