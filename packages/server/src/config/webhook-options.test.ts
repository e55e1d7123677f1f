import { describe, expect, it } from 'vitest'
import { temporaryDirectories } from '../../test/support/temp-dirs.js'
import { ConfigError } from './config-error.js'
import { loadConfig } from './load-config.js'
import { resolveOptions } from './options.js'

const tempDir = temporaryDirectories('porchlight-webhook-options-')

describe('the webhooks options', () => {
  it('refuse private addresses and give receivers 10 s by default', () => {
    expect(resolveOptions({ dataDir: tempDir() }).webhooks).toEqual({ allowPrivateAddresses: false, timeout: 10_000 })
    expect(resolveOptions({ dataDir: tempDir(), webhooks: { allowPrivateAddresses: true } }).webhooks.allowPrivateAddresses).toBe(true)
  })

  it('are checked at registration', () => {
    const options = { dataDir: tempDir(), webhooks: { allowPrivateAddresses: 'yes' as unknown as boolean, timeout: 0 } }
    expect(() => resolveOptions(options)).toThrow(
      new ConfigError([
        { setting: 'webhooks.allowPrivateAddresses', accepts: 'true or false', received: 'yes' },
        { setting: 'webhooks.timeout', accepts: 'a positive whole number', received: 0 },
      ]),
    )
  })

  it('read PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE, true or false', async () => {
    const dataDir = tempDir()
    expect((await loadConfig({ PORCHLIGHT_DATA_DIR: dataDir, PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE: 'true' })).porchlight.webhooks).toEqual({
      allowPrivateAddresses: true,
    })
    expect(
      (await loadConfig({ PORCHLIGHT_DATA_DIR: dataDir, PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE: 'false' })).porchlight.webhooks,
    ).toBeUndefined()
    await expect(loadConfig({ PORCHLIGHT_DATA_DIR: dataDir, PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE: '1' })).rejects.toThrow(
      new ConfigError('PORCHLIGHT_WEBHOOKS_ALLOW_PRIVATE', 'true or false', '1'),
    )
  })
})
