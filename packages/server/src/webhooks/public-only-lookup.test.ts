import { describe, expect, it } from 'vitest'
import { ForbiddenAddressError } from './forbidden-address-error.js'
import { publicOnlyLookup } from './public-only-lookup.js'

const lookUp = (hostname: string, all: boolean) =>
  new Promise<unknown>((resolve, reject) =>
    publicOnlyLookup(hostname, { all }, (error, address, family) => (error ? reject(error) : resolve(all ? address : { address, family }))),
  )

describe('publicOnlyLookup', () => {
  it('refuses a name that resolves only to internal addresses, in both forms sockets ask for', async () => {
    for (const all of [true, false]) {
      const refused = lookUp('localhost', all)
      await expect(refused).rejects.toBeInstanceOf(ForbiddenAddressError)
      await expect(refused).rejects.toThrow(/^localhost resolves to .*127\.0\.0\.1/)
    }
  })

  it('passes public addresses through', async () => {
    expect(await lookUp('93.184.215.14', true)).toEqual([{ address: '93.184.215.14', family: 4 }])
    expect(await lookUp('93.184.215.14', false)).toEqual({ address: '93.184.215.14', family: 4 })
  })
})
