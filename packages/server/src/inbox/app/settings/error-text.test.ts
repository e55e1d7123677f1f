import { expect, it } from 'vitest'
import { ApiError } from '../api.js'
import { errorText } from './error-text.js'
import { InputError } from './input-error.js'

it("shows the server's coded message, the form's own objection, or that the server is out of reach", () => {
  expect(errorText(new ApiError(400, 'invalid_setting', 'presence.offlineGrace accepts a duration from 1000 ms.'))).toBe(
    'presence.offlineGrace accepts a duration from 1000 ms.',
  )
  expect(errorText(new InputError('Choose at least one event.'))).toBe('Choose at least one event.')
  expect(errorText(new TypeError('Failed to fetch'))).toBe('The server cannot be reached. Check the connection and try again.')
})
