/**
 * What an admin's write with a JSON body may answer besides its own errors: for its route's
 * `errorResponses(...)`.
 *
 * @example
 * ```ts
 * response: { 201: SiteResponse, ...errorResponses(...adminWriteErrors, 'site_exists') }
 * ```
 */
export const adminWriteErrors = [
  'bad_request',
  'unauthorized',
  'admin_required',
  'forbidden_origin',
  'payload_too_large',
  'unsupported_media_type',
] as const
