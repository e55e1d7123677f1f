import { existsSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectVisitor } from './support/frame-socket.js'
import { cli, passwordIn, runCli, runProcess, type RunningProcess } from './support/run-cli.js'
import { login } from './support/start-server.js'
import { temporaryDirectories } from './support/temp-dirs.js'

const tempDir = temporaryDirectories('porchlight-cli-')
const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Runs the bin; a process still running after the test (one that failed) is killed. */
function run(args: string[], env: Record<string, string>): RunningProcess {
  const running = runCli(args, env)
  cleanups.push(async () => {
    running.kill('SIGKILL')
    await running.exited
  })
  return running
}

/** Starts the server and stops it (SIGTERM) after the test; resolves with its address once it listens. */
async function serve(env: Record<string, string>): Promise<{ server: RunningProcess; url: string }> {
  const server = runCli([], { PORT: '0', ...env })
  cleanups.push(async () => {
    server.kill('SIGTERM')
    await server.exited
  })
  const [, url] = await server.waitFor('stdout', /Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
  return { server, url: url! }
}

/** A real listener holding a loopback port, as another program would. */
async function occupiedPort(): Promise<number> {
  const holder: Server = createServer()
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => holder.close(resolve)))
  return (holder.address() as { port: number }).port
}

/** The JSON log lines the server wrote to stdout (it is not a terminal here). */
function logLines(server: RunningProcess): Array<{ level: number; msg: string; req?: { url: string }; [key: string]: unknown }> {
  return server
    .stdout()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { level: number; msg: string })
}

describe('porchlight-server: start-up failures', () => {
  it('stops at start with one line naming a bad variable', async () => {
    const server = run([], { PORT: '3000', PORCHLIGHT_FOLLOWUP_DELAY: 'whenever', PORCHLIGHT_DATA_DIR: tempDir() })
    expect(await server.exited).toBe(1)
    expect(server.stderr().trim().split('\n')).toEqual([
      'porchlight: PORCHLIGHT_FOLLOWUP_DELAY must be a duration: milliseconds, or a number with ms, s, m, h or d (e.g. 500ms, 30s, 5m, 7d) (got "whenever")',
    ])
  })

  it('reports every bad variable at once, one line each', async () => {
    const file = join(tempDir(), 'file')
    writeFileSync(file, '')
    const server = run([], {
      PORT: '99999',
      HOST: 'nowhere.invalid',
      LOG_LEVEL: 'chatty',
      PORCHLIGHT_DATA_DIR: file,
      PORCHLIGHT_HEARTBEAT_INTERVAL: '0',
    })
    expect(await server.exited).toBe(1)
    expect(server.stderr().trim().split('\n')).toEqual([
      'porchlight: PORT must be a port number from 0 to 65535 (got "99999")',
      'porchlight: HOST must be an IP address or a host name of this machine (got "nowhere.invalid": it does not resolve (ENOTFOUND))',
      'porchlight: LOG_LEVEL must be one of silent, fatal, error, warn, info, debug, trace (got "chatty")',
      'porchlight: PORCHLIGHT_HEARTBEAT_INTERVAL must be a duration above 0 (got "0": it is how often the server pings each connection; without pings it could never find a dead one)',
      `porchlight: PORCHLIGHT_DATA_DIR must be a directory Porchlight can create and write to (got ${JSON.stringify(file)}: it is a file)`,
    ])
  })

  // The tests run as root, whom chmod does not stop: procfs refuses new files to everyone.
  it.each([
    ['/proc', 'it is not writable (ENOENT)'],
    ['/proc/porchlight/data', 'it cannot be created (ENOENT)'],
  ])('refuses the data directory %s in one line: %s', async (dataDir, reason) => {
    const server = run([], { PORCHLIGHT_DATA_DIR: dataDir })
    expect(await server.exited).toBe(1)
    expect(server.stderr()).toBe(
      `porchlight: PORCHLIGHT_DATA_DIR must be a directory Porchlight can create and write to (got ${JSON.stringify(dataDir)}: ${reason})\n`,
    )
  })

  it('names PORT and HOST when the port is taken, creates no admin, and the next start shows its password', async () => {
    const dataDir = tempDir()
    const port = await occupiedPort()
    const refused = run([], { PORT: String(port), PORCHLIGHT_DATA_DIR: dataDir })
    expect(await refused.exited).toBe(1)
    expect(refused.stderr()).toBe(
      `porchlight: PORT must be a port that no other program listens on at HOST 127.0.0.1 (got ${port}: it is in use)\n`,
    )

    const { server, url } = await serve({ PORCHLIGHT_DATA_DIR: dataDir })
    const admin = await passwordIn(server, 'stderr')
    expect(admin.email).toBe('admin@localhost')
    expect(await login(url, admin)).toMatch(/^porchlight_session=/)
  }, 30_000)
})

describe('porchlight-server: the first admin', () => {
  it('prints a generated password once, boxed on stderr after listening, and shuts down gracefully on SIGTERM', async () => {
    const dataDir = tempDir()
    const first = run([], { PORT: '0', PORCHLIGHT_DATA_DIR: dataDir })
    const [, url] = await first.waitFor('stdout', /Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
    const admin = await passwordIn(first, 'stderr')
    expect(first.stderr()).toMatch(/^┌─+┐\n│ Porchlight created the first admin\. +│\n/)
    expect(first.stdout()).not.toContain(admin.password)
    expect(await login(url!, admin)).toMatch(/^porchlight_session=/)
    const { visitor } = await connectVisitor(url!.replace('http', 'ws'))
    first.kill('SIGTERM')
    expect((await visitor.closed).code).toBe(1001)
    expect(await first.exited).toBe(0)

    const { server: second, url: url2 } = await serve({ PORCHLIGHT_DATA_DIR: dataDir })
    expect(await login(url2, admin)).toMatch(/^porchlight_session=/)
    second.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect(second.stderr()).toBe('')
  }, 30_000)

  it('warns that PORCHLIGHT_ADMIN_PASSWORD is ignored once agents exist, and how to reset a password', async () => {
    const dataDir = tempDir()
    const env = { PORCHLIGHT_DATA_DIR: dataDir, PORCHLIGHT_ADMIN_PASSWORD: 'first password' }
    const { server: first } = await serve(env)
    first.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(logLines(first).filter((line) => line.level >= 40)).toEqual([])

    const { server: second, url } = await serve({ ...env, PORCHLIGHT_ADMIN_PASSWORD: 'second password' })
    const warnings = logLines(second).filter((line) => line.level === 40)
    expect(warnings.map((line) => line.msg)).toEqual([expect.stringContaining('PORCHLIGHT_ADMIN_PASSWORD')])
    expect(warnings[0]!.msg).toContain('ignored: the database already has agents')
    expect(warnings[0]!.msg).toContain('porchlight-server reset-password <email>')
    expect(await login(url, { email: 'admin@localhost', password: 'first password' })).toMatch(/^porchlight_session=/)
  }, 30_000)
})

describe('porchlight-server reset-password', () => {
  it('prints a new password for an agent and signs them out everywhere, while the server runs', async () => {
    const dataDir = tempDir()
    const { server, url } = await serve({ PORCHLIGHT_DATA_DIR: dataDir })
    const admin = await passwordIn(server, 'stderr')
    const cookie = await login(url, admin)
    const me = async () => (await fetch(`${url}/api/auth/me`, { headers: { cookie } })).status
    expect(await me()).toBe(200)

    const reset = run(['reset-password', 'Admin@Localhost'], { PORCHLIGHT_DATA_DIR: dataDir })
    const renewed = await passwordIn(reset, 'stdout')
    expect(await reset.exited).toBe(0)
    expect(renewed.password).not.toBe(admin.password)
    expect(await me()).toBe(401)
    await expect(login(url, admin)).rejects.toThrow('login failed: 401')
    expect(await login(url, { email: 'admin@localhost', password: renewed.password })).toMatch(/^porchlight_session=/)
  }, 30_000)

  it('fails in one line for an unknown email or a directory without a database, and creates nothing', async () => {
    const dataDir = tempDir()
    const { server } = await serve({ PORCHLIGHT_DATA_DIR: dataDir })
    await passwordIn(server, 'stderr')
    const unknown = run(['reset-password', 'nobody@example.com'], { PORCHLIGHT_DATA_DIR: dataDir })
    expect(await unknown.exited).toBe(1)
    expect(unknown.stderr()).toBe(`porchlight: no agent has the email "nobody@example.com" in ${dataDir} (PORCHLIGHT_DATA_DIR)\n`)
    expect(unknown.stdout()).toBe('')

    const empty = join(tempDir(), 'elsewhere')
    const missing = run(['reset-password', 'admin@localhost'], { PORCHLIGHT_DATA_DIR: empty })
    expect(await missing.exited).toBe(1)
    expect(missing.stderr()).toBe(
      `porchlight: PORCHLIGHT_DATA_DIR must be a Porchlight server's data directory (got ${JSON.stringify(empty)}: it has no porchlight.sqlite)\n`,
    )
    expect(existsSync(empty)).toBe(false)
  }, 30_000)

  it('prints the usage for --help, and with one line first for an unknown command or a missing email', async () => {
    const help = run(['--help'], {})
    expect(await help.exited).toBe(0)
    expect(help.stdout()).toMatch(/^Usage:\n/)
    expect(help.stdout()).toContain('\n  porchlight-server reset-password <email> ')

    for (const [args, line] of [
      [['serve-me'], 'porchlight: unknown command "serve-me"'],
      [['reset-password'], "porchlight: reset-password takes the agent's email"],
    ] as const) {
      const wrong = run([...args], {})
      expect(await wrong.exited).toBe(1)
      expect(wrong.stderr()).toBe(`${line}\n${help.stdout()}`)
    }
  })
})

describe('porchlight-server: logs', () => {
  it('logs no request at info: one debug line per answered request, none for /healthz', async () => {
    const { server, url } = await serve({ PORCHLIGHT_DATA_DIR: tempDir(), LOG_LEVEL: 'debug', PORCHLIGHT_ADMIN_PASSWORD: 'long enough' })
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect((await fetch(`${url}/widget.js`)).status).toBe(200)
    await login(url, { email: 'admin@localhost', password: 'long enough' })
    // The barrier: the line of the last request proves the earlier ones were logged or never will be.
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200)
    await server.waitFor('stdout', /"url":"\/openapi.json".*"msg":"request completed"/)

    const requests = logLines(server).filter((line) => line.req !== undefined)
    expect(requests.map((line) => [line.level, line.req!.url, line.msg])).toEqual([
      [20, '/widget.js', 'request completed'],
      [20, '/api/auth/login', 'request completed'],
      [20, '/openapi.json', 'request completed'],
    ])
    expect(server.stdout()).not.toContain('/healthz')
  }, 30_000)

  it('warns at start that a heartbeat above 60 s is cut by proxies', async () => {
    const { server } = await serve({ PORCHLIGHT_DATA_DIR: tempDir(), PORCHLIGHT_HEARTBEAT_INTERVAL: '90s' })
    const warnings = logLines(server).filter((line) => line.level === 40)
    expect(warnings.map((line) => line.msg)).toEqual([expect.stringContaining('is 90 s: proxies such as nginx close a WebSocket')])
  }, 30_000)

  it('writes lines for a person when stdout is a terminal', async () => {
    // `script` runs the server on a pseudo-terminal and copies what it shows.
    const server = runProcess('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)}`, '/dev/null'], {
      PORT: '0',
      PORCHLIGHT_DATA_DIR: tempDir(),
      PORCHLIGHT_ADMIN_PASSWORD: 'long enough',
    })
    cleanups.push(async () => {
      server.kill('SIGTERM')
      await server.exited
    })
    const [line] = await server.waitFor('stdout', /^.*Server listening at http:\/\/127\.0\.0\.1:\d+.*$/m)
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] .*INFO.*: .*Server listening at/)
    expect(server.stdout()).not.toContain('{"level"')
  }, 30_000)
})
