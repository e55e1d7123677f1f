/**
 * What any signed-in agent's write with a JSON body may answer besides its own errors: for its route's
 * `errorResponses(...)`. The lists for admins' writes and conversation writes are built from it.
 *
 * @example
 * ```ts
 * response: { 200: AgentResponse, ...errorResponses(...agentWriteErrors) }
 * ```
 */
export const agentWriteErrors = ['bad_request', 'unauthorized', 'forbidden_origin', 'payload_too_large', 'unsupported_media_type'] as const
