import { agentWriteErrors } from '../errors/agent-write-errors.js'

/**
 * What an agent's write to one conversation (`POST /api/conversations/:id/...` with a JSON body) may
 * answer besides its own errors: for its route's `errorResponses(...)`.
 *
 * @example
 * ```ts
 * response: { 204: { type: 'null' }, ...errorResponses(...conversationWriteErrors) }
 * ```
 */
export const conversationWriteErrors = [...agentWriteErrors, 'conversation_not_found'] as const
