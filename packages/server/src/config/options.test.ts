import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { temporaryDirectories } from '../../test/support/temp-dirs.js'
import { ConfigError } from './config-error.js'
import { resolveOptions } from './options.js'

const tempDir = temporaryDirectories('porchlight-options-')

function refusal(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('resolveOptions accepted the options')
}

describe('resolveOptions', () => {
  it('creates a missing data directory and leaves nothing of its write check behind', () => {
    const dataDir = join(tempDir(), 'a', 'b')
    resolveOptions({ dataDir })
    expect(existsSync(dataDir)).toBe(true)
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('reports every bad option at once, one line each, the first one also as setting/accepts/received', () => {
    const file = join(tempDir(), 'file')
    writeFileSync(file, '')
    const error = refusal(() =>
      resolveOptions({
        dataDir: file,
        secret: 'short',
        publicUrl: 'ftp://example.com',
        timings: { heartbeatInterval: 0, offlineGrace: 1.5 },
        rateLimits: { messageBurst: -1 },
      }),
    )
    expect(error.message.split('\n')).toEqual([
      `dataDir must be a directory Porchlight can create and write to (got ${JSON.stringify(file)}: it is a file)`,
      'secret must be a string of at least 32 characters (got "short")',
      'publicUrl must be an http:// or https:// URL (got "ftp://example.com")',
      'timings.heartbeatInterval must be a positive whole number (got 0: it is how often the server pings each connection; without pings it could never find a dead one)',
      'timings.offlineGrace must be a positive whole number (got 1.5)',
      'rateLimits.messageBurst must be a positive whole number (got -1)',
    ])
    expect(error.problems).toHaveLength(6)
    expect([error.setting, error.accepts, error.received]).toEqual(['dataDir', 'a directory Porchlight can create and write to', file])
  })

  it('refuses timers longer than Node can wait', () => {
    expect(refusal(() => resolveOptions({ dataDir: tempDir(), timings: { awayAfter: 2 ** 31 } })).message).toBe(
      'timings.awayAfter must be at most 2147483647 milliseconds (about 24 days) (got 2147483648)',
    )
    // A TTL is compared with the clock, never waited for.
    expect(resolveOptions({ dataDir: tempDir(), timings: { resumeLinkTtl: 2 ** 40 } }).timings.resumeLinkTtl).toBe(2 ** 40)
  })

  it('refuses job options that would let two nodes run a job at once or wait forever', () => {
    const error = refusal(() =>
      resolveOptions({
        dataDir: tempDir(),
        jobs: { timeout: 60_000, lease: 60_000, retryBase: 5_000, retryCap: 1_000, pollInterval: 2 ** 31, concurrency: 0 },
      }),
    )
    expect(error.message.split('\n')).toEqual([
      'jobs.concurrency must be a positive whole number (got 0)',
      'jobs.pollInterval must be at most 2147483647 milliseconds (about 24 days) (got 2147483648)',
      'jobs.lease must be more than jobs.timeout (60000 ms) (got 60000: a job still running when its lease ends could be run by another node at the same time)',
      'jobs.retryCap must be at least jobs.retryBase (5000 ms) (got 1000)',
    ])
    expect(resolveOptions({ dataDir: tempDir(), jobs: { pollInterval: 50 } }).jobs).toMatchObject({
      pollInterval: 50,
      lease: 300_000,
      maxAttempts: 8,
    })
  })

  it('accepts a heartbeat above 60 s with a warning about proxies', () => {
    expect(resolveOptions({ dataDir: tempDir(), timings: { heartbeatInterval: 60_000 } }).warnings).toEqual([])
    const { warnings } = resolveOptions({ dataDir: tempDir(), timings: { heartbeatInterval: 90_000 } })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/heartbeat interval .* is 90 s: proxies such as nginx close a WebSocket that is silent for 60 s/)
  })

  it('tells given admin options from the default admin', () => {
    expect(resolveOptions({ dataDir: tempDir() }).admin).toEqual({ email: 'admin@localhost', password: undefined, configured: false })
    expect(resolveOptions({ dataDir: tempDir(), admin: { email: 'boss@example.com' } }).admin.configured).toBe(true)
  })
})
