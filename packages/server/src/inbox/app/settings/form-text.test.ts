import { expect, it } from 'vitest'
import { formText } from './form-text.js'

it("reads a text field's value, and nothing for a missing field or a file", () => {
  const fields = new FormData()
  fields.set('name', 'Alice')
  fields.set('upload', new Blob(['x']), 'x.txt')
  expect(formText(fields, 'name')).toBe('Alice')
  expect(formText(fields, 'missing')).toBe('')
  expect(formText(fields, 'upload')).toBe('')
})
