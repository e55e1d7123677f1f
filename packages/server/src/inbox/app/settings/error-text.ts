import { ApiError } from '../api.js'
import { InputError } from './input-error.js'

/**
 * What a failed request or form tells the person: the server's coded error message (it says what to
 * change), the form's own objection, or that the server could not be reached.
 *
 * @example
 * ```ts
 * errorText(new ApiError(409, 'site_exists', 'A site with this id exists already.')) // 'A site with this id exists already.'
 * ```
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError || error instanceof InputError) return error.message
  return 'The server cannot be reached. Check the connection and try again.'
}
