import { agentWriteErrors } from '../errors/agent-write-errors.js'

/**
 * What an admin's write with a JSON body may answer besides its own errors: for its route's
 * `errorResponses(...)`.
 *
 * @example
 * ```ts
 * response: { 201: SiteResponse, ...errorResponses(...adminWriteErrors, 'site_exists') }
 * ```
 */
export const adminWriteErrors = [...agentWriteErrors, 'admin_required'] as const
