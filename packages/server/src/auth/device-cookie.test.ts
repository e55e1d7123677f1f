import { describe, expect, it } from 'vitest'
import { newDeviceToken, trustedDevice } from './device-cookie.js'

const secret = 'a server secret of at least thirty-two characters'

describe('device tokens', () => {
  it('are trusted for the agent they were issued to, and only with the secret that made them', () => {
    const token = newDeviceToken(secret, 'agent-a')
    const deviceId = token.split('.')[0]
    expect(trustedDevice(secret, 'agent-a', token)).toBe(deviceId)
    expect(trustedDevice(secret, 'agent-b', token)).toBeUndefined()
    expect(trustedDevice(`${secret}!`, 'agent-a', token)).toBeUndefined()
    expect(newDeviceToken(secret, 'agent-a')).not.toBe(token)
  })

  it('trust nothing malformed', () => {
    const [deviceId, mac] = newDeviceToken(secret, 'agent-a').split('.')
    for (const token of [undefined, '', deviceId, `${deviceId}.`, `.${mac}`, `${deviceId}.${mac}.x`, `${deviceId}.${mac!.slice(1)}`]) {
      expect(trustedDevice(secret, 'agent-a', token), String(token)).toBeUndefined()
    }
  })
})
