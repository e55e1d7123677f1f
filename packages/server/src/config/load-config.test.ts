import { describe, expect, it } from 'vitest'
import { ConfigError } from './config-error.js'
import { loadConfig } from './load-config.js'

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1' })
    expect(config.porchlight).toMatchObject({ dataDir: './data', publicUrl: 'http://localhost:3000', timings: {} })
  })

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      PORCHLIGHT_DATA_DIR: '/var/lib/porchlight',
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
    })
    expect(config.port).toBe(8080)
    expect(config.host).toBe('0.0.0.0')
    expect(config.porchlight).toMatchObject({
      dataDir: '/var/lib/porchlight',
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
      },
    })
  })

  it('defaults PUBLIC_URL to the configured port', () => {
    expect(loadConfig({ PORT: '4000' }).porchlight.publicUrl).toBe('http://localhost:4000')
  })

  it.each([
    ['PORT', 'abc', 'PORT must be a port number from 0 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be a port number'],
    ['PORCHLIGHT_FOLLOWUP_DELAY', 'soon', 'PORCHLIGHT_FOLLOWUP_DELAY must be a duration'],
    ['PORCHLIGHT_HEARTBEAT_INTERVAL', '0', 'PORCHLIGHT_HEARTBEAT_INTERVAL must be a duration'],
    ['PUBLIC_URL', 'chat.example.com', 'PUBLIC_URL must be an http:// or https:// URL'],
    ['SMTP_URL', 'mail.example.com', 'SMTP_URL must be an smtp:// or smtps:// URL'],
    ['MAIL_FROM', 'nobody', 'MAIL_FROM must be an address'],
    ['PORCHLIGHT_SECRET', 'short', 'PORCHLIGHT_SECRET must be a string of at least 32 characters'],
    ['PORCHLIGHT_ADMIN_EMAIL', 'admin', 'PORCHLIGHT_ADMIN_EMAIL must be an email address'],
    ['PORCHLIGHT_ADMIN_PASSWORD', 'short', 'PORCHLIGHT_ADMIN_PASSWORD must be at least 8 characters (got "(hidden)")'],
  ])('refuses %s=%j with one line naming the variable', (name, value, message) => {
    let error: unknown
    try {
      loadConfig({ [name]: value })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toContain(message)
    expect((error as ConfigError).message).not.toContain('\n')
  })
})
