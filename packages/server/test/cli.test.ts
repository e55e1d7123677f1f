import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { connectVisitor } from './support/frame-socket.js'
import { login } from './support/start-server.js'

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const dataDirs: string[] = []
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Runs the built `porchlight-server` bin with only the given environment. */
function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [cli], { env: { PATH: process.env.PATH ?? '', ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const output = async (pattern: RegExp, timeout = 15_000) => {
    const deadline = Date.now() + timeout
    while (!pattern.test(stdout)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in output: ${stdout}${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return pattern.exec(stdout)!
  }
  return { child, exited, output, stdout: () => stdout, stderr: () => stderr }
}

describe('the porchlight-server bin', () => {
  it('stops at start with one line naming a bad variable', async () => {
    const server = run({ PORT: '3000', PORCHLIGHT_FOLLOWUP_DELAY: 'whenever' })
    expect(await server.exited).toBe(1)
    const lines = server.stderr().trim().split('\n')
    expect(lines).toEqual([
      'porchlight: PORCHLIGHT_FOLLOWUP_DELAY must be a duration: milliseconds, or a number with ms, s, m, h or d (e.g. 500ms, 30s, 5m, 7d) (got "whenever")',
    ])
  })

  it('prints a generated admin password once, serves, and shuts down gracefully on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'porchlight-cli-'))
    dataDirs.push(dataDir)
    const env = { PORT: '0', PORCHLIGHT_DATA_DIR: dataDir }
    const first = run(env)
    const [, password] = await first.output(/the password (\S+) \(shown once/)
    const [, url] = await first.output(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
    expect((await login(url!, { email: 'admin@localhost', password: password! })).startsWith('porchlight_session=')).toBe(true)
    const { visitor } = await connectVisitor(url!.replace('http', 'ws'))
    first.child.kill('SIGTERM')
    expect((await visitor.closed).code).toBe(1001)
    expect(await first.exited).toBe(0)

    const second = run(env)
    const [, url2] = await second.output(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
    expect(second.stdout()).not.toContain('shown once')
    expect((await login(url2!, { email: 'admin@localhost', password: password! })).length).toBeGreaterThan(0)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  })
})
