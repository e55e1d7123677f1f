import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errors } from './errors.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const documentedRow = (code: string) => readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`))

describe('the error registry', () => {
  it.each(Object.entries(errors))('documents %s in the README with its status and close code', (code, definition) => {
    const row = documentedRow(code)
    expect(row, `README.md has no row for ${code}`).toBeDefined()
    const status: number | undefined = 'status' in definition ? definition.status : undefined
    const close: number | undefined = 'close' in definition ? definition.close : undefined
    if (status !== undefined) expect(row).toContain(`| ${status} |`)
    if (close !== undefined) expect(row).toContain(`close ${close}`)
  })

  it('documents no code that does not exist', () => {
    const documented = [...readme.matchAll(/^\| `([a-z0-9_]+)` \| (\d{3})? ?\|/gm)].map((match) => match[1])
    expect(documented.sort()).toEqual(Object.keys(errors).sort())
  })

  it('uses close codes only from the application range or the standard ones it names', () => {
    for (const definition of Object.values(errors)) {
      if (!('close' in definition)) continue
      expect((definition.close >= 4000 && definition.close <= 4999) || [1001, 1007, 1009, 1011].includes(definition.close)).toBe(true)
    }
  })
})
