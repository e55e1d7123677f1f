/**
 * What an agent's write to one conversation (`POST /api/conversations/:id/...` with a JSON body) may
 * answer besides its own errors: for its route's `errorResponses(...)`.
 *
 * @example
 * ```ts
 * response: { 204: { type: 'null' }, ...errorResponses(...conversationWriteErrors) }
 * ```
 */
export const conversationWriteErrors = [
  'bad_request',
  'unauthorized',
  'forbidden_origin',
  'conversation_not_found',
  'payload_too_large',
  'unsupported_media_type',
] as const
