import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { temporaryDirectories } from '../../test/support/temp-dirs.js'
import { ConfigError } from './config-error.js'
import { loadConfig } from './load-config.js'

const tempDir = temporaryDirectories('porchlight-config-')

/** The lines of the ConfigError that `loadConfig` throws for this environment. */
async function refusal(env: Record<string, string>): Promise<string[]> {
  const error: unknown = await loadConfig({ PORCHLIGHT_DATA_DIR: tempDir(), ...env }).then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ConfigError)
  return (error as ConfigError).message.split('\n')
}

describe('loadConfig', () => {
  it('applies the documented defaults', async () => {
    const cwd = process.cwd()
    process.chdir(tempDir())
    try {
      const config = await loadConfig({})
      expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info' })
      expect(config.porchlight).toMatchObject({ dataDir: './data', publicUrl: 'http://localhost:3000', timings: {} })
    } finally {
      process.chdir(cwd)
    }
  })

  it('reads every variable', async () => {
    const dataDir = join(tempDir(), 'nested', 'data')
    const config = await loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'debug',
      PORCHLIGHT_DATA_DIR: dataDir,
      PUBLIC_URL: 'https://chat.example.com/',
      SMTP_URL: 'smtp://mail.example.com:587',
      MAIL_FROM: 'Support <help@example.com>',
      PORCHLIGHT_SECRET: 'x'.repeat(40),
      PORCHLIGHT_ADMIN_EMAIL: 'boss@example.com',
      PORCHLIGHT_ADMIN_PASSWORD: 'long enough',
      PORCHLIGHT_HEARTBEAT_INTERVAL: '5s',
      PORCHLIGHT_OFFLINE_GRACE: '8s',
      PORCHLIGHT_AWAY_AFTER: '15s',
      PORCHLIGHT_IDLE_AFTER: '2m',
      PORCHLIGHT_INACTIVITY_WINDOW: '20m',
      PORCHLIGHT_FOLLOWUP_DELAY: '1h',
      PORCHLIGHT_RESUME_LINK_TTL: '3d',
      PORCHLIGHT_AGENT_IDLE_AFTER: '30m',
    })
    expect(config.port).toBe(8080)
    expect(config.host).toBe('0.0.0.0')
    expect(config.logLevel).toBe('debug')
    expect(config.porchlight).toMatchObject({
      dataDir,
      publicUrl: 'https://chat.example.com/',
      smtpUrl: 'smtp://mail.example.com:587',
      mailFrom: 'Support <help@example.com>',
      admin: { email: 'boss@example.com', password: 'long enough' },
      timings: {
        heartbeatInterval: 5000,
        offlineGrace: 8000,
        awayAfter: 15_000,
        idleAfter: 120_000,
        inactivityWindow: 1_200_000,
        followupDelay: 3_600_000,
        resumeLinkTtl: 259_200_000,
        agentIdleAfter: 1_800_000,
      },
    })
  })

  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['10.0.0.1, 192.168.0.0/16,::1', ['10.0.0.1', '192.168.0.0/16', '::1']],
  ])('reads TRUST_PROXY=%j as trustProxy %j', async (value, trustProxy) => {
    const config = await loadConfig({ PORCHLIGHT_DATA_DIR: tempDir(), ...(value !== undefined && { TRUST_PROXY: value }) })
    expect(config.trustProxy).toEqual(trustProxy)
  })

  it('defaults PUBLIC_URL to the configured port', async () => {
    expect((await loadConfig({ PORT: '4000', PORCHLIGHT_DATA_DIR: tempDir() })).porchlight.publicUrl).toBe('http://localhost:4000')
  })

  it.each([
    ['PORT', 'abc', 'PORT must be a port number from 0 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be a port number'],
    ['HOST', 'nowhere.invalid', 'HOST must be an IP address or a host name of this machine (got "nowhere.invalid": it does not resolve'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of silent, fatal, error, warn, info, debug, trace (got "verbose")'],
    ['PORCHLIGHT_FOLLOWUP_DELAY', 'soon', 'PORCHLIGHT_FOLLOWUP_DELAY must be a duration'],
    [
      'PORCHLIGHT_HEARTBEAT_INTERVAL',
      '0s',
      'PORCHLIGHT_HEARTBEAT_INTERVAL must be a duration above 0 (got "0s": it is how often the server pings each connection; without pings it could never find a dead one)',
    ],
    ['PORCHLIGHT_OFFLINE_GRACE', '0', 'PORCHLIGHT_OFFLINE_GRACE must be a duration above 0 (got "0")'],
    [
      'PORCHLIGHT_HEARTBEAT_INTERVAL',
      '30d',
      'PORCHLIGHT_HEARTBEAT_INTERVAL must be at most 2147483647 milliseconds (about 24 days) (got "30d")',
    ],
    ['PUBLIC_URL', 'chat.example.com', 'PUBLIC_URL must be an http:// or https:// URL'],
    ['SMTP_URL', 'mail.example.com', 'SMTP_URL must be an smtp:// or smtps:// URL'],
    ['MAIL_FROM', 'nobody', 'MAIL_FROM must be an address'],
    ['PORCHLIGHT_SECRET', 'short', 'PORCHLIGHT_SECRET must be a string of at least 32 characters'],
    ['PORCHLIGHT_ADMIN_EMAIL', 'admin', 'PORCHLIGHT_ADMIN_EMAIL must be an email address'],
    ['PORCHLIGHT_ADMIN_PASSWORD', 'short', 'PORCHLIGHT_ADMIN_PASSWORD must be at least 8 characters (got "(hidden)")'],
    ['TRUST_PROXY', 'nginx', "TRUST_PROXY must be true, false, or the proxies' addresses"],
    ['TRUST_PROXY', '2', 'TRUST_PROXY must be true, false'],
    ['TRUST_PROXY', '10.0.0.0/40', 'TRUST_PROXY must be true, false'],
  ])('refuses %s=%j with one line naming the variable', async (name, value, message) => {
    const lines = await refusal({ [name]: value })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(message)
  })

  it('refuses a data directory that is a file, lies under a file, or cannot be written', async () => {
    const file = join(tempDir(), 'not-a-dir')
    writeFileSync(file, '')
    expect(await refusal({ PORCHLIGHT_DATA_DIR: file })).toEqual([
      `PORCHLIGHT_DATA_DIR must be a directory Porchlight can create and write to (got ${JSON.stringify(file)}: it is a file)`,
    ])
    expect((await refusal({ PORCHLIGHT_DATA_DIR: join(file, 'data') }))[0]).toContain('it cannot be created (ENOTDIR)')
    // Root may write anywhere chmod forbids, but not into procfs, whatever the permissions say.
    expect((await refusal({ PORCHLIGHT_DATA_DIR: '/proc' }))[0]).toContain('(got "/proc": it is not writable (')
    // Node's recursive mkdir spins forever on this one.
    expect((await refusal({ PORCHLIGHT_DATA_DIR: '/proc/porchlight/data' }))[0]).toContain('it cannot be created (ENOENT)')
  })

  it('reports every bad variable at once, one line each', async () => {
    const file = join(tempDir(), 'file')
    writeFileSync(file, '')
    const lines = await refusal({
      PORT: 'http',
      HOST: 'nowhere.invalid',
      LOG_LEVEL: 'loud',
      PORCHLIGHT_DATA_DIR: file,
      PORCHLIGHT_HEARTBEAT_INTERVAL: '0',
      PORCHLIGHT_SECRET: 'short',
    })
    expect(lines.map((line) => line.split(' ')[0])).toEqual([
      'PORT',
      'HOST',
      'LOG_LEVEL',
      'PORCHLIGHT_HEARTBEAT_INTERVAL',
      'PORCHLIGHT_DATA_DIR',
      'PORCHLIGHT_SECRET',
    ])
  })
})
