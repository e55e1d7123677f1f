/**
 * Every error Porchlight reports, by stable code. HTTP errors answer with `status` and the body
 * `{ "code", "message", "statusCode" }`; WebSocket errors arrive as an `error` frame with the code
 * (the connection stays open), or, where `close` is set, as the close code that ends the connection.
 * The list is documented in this package's README; a test fails when an entry is missing there.
 */
export interface ErrorDefinition {
  /** The default human-readable message. */
  readonly message: string
  /** The HTTP status, for errors a REST request can get. */
  readonly status?: number
  /** The WebSocket close code, for errors that end the connection. */
  readonly close?: number
}

/**
 * The registry of coded errors.
 *
 * @example
 * ```ts
 * import { errors } from '@porchlight/protocol'
 * errors.rate_limited.status // 429
 * ```
 */
export const errors = {
  bad_request: { message: 'The request does not match its schema.', status: 400 },
  unsupported_media_type: { message: 'Send the body as application/json.', status: 415 },
  payload_too_large: { message: 'The request body is too large.', status: 413 },
  uri_too_long: { message: 'A part of the address is longer than the server accepts.', status: 414 },
  headers_too_large: { message: 'The request headers are larger or more numerous than the server accepts.', status: 431 },
  request_timeout: { message: 'The request did not arrive in time.', status: 408 },
  upgrade_required: { message: 'This address is a WebSocket: connect with an Upgrade: websocket request.', status: 426 },
  not_acceptable: { message: 'None of the representations the request accepts can be served.', status: 406 },
  expectation_failed: { message: 'The server meets only Expect: 100-continue.', status: 417 },
  unauthorized: { message: 'Sign in first: there is no valid agent session.', status: 401 },
  invalid_credentials: { message: 'The email or password is wrong.', status: 401 },
  forbidden_origin: {
    message: 'A state-changing request came from another origin and was refused (CSRF protection).',
    status: 403,
  },
  not_found: { message: 'There is nothing at this address.', status: 404 },
  conversation_not_found: { message: 'No conversation has this id.', status: 404 },
  rate_limited: { message: 'Too many requests or messages; slow down and retry.', status: 429 },
  too_many_sign_in_attempts: {
    message: 'Too many sign-in attempts for this account; try again when Retry-After says.',
    status: 429,
  },
  internal_error: { message: 'Something went wrong on the server.', status: 500, close: 1011 },
  too_many_connections: { message: 'This address has too many open connections; close some and retry.', status: 429 },
  invalid_frame: { message: 'The frame is not a JSON object that matches its schema.' },
  unknown_frame_type: { message: 'The frame has a type this endpoint does not know.' },
  identity_invalid: { message: 'The userHash does not match the userId for this site.' },
  invalid_email: { message: 'This is not an email address replies can be sent to; write it like name@example.com.' },
  handshake_required: { message: 'The first frame on a visitor socket must be "hello".', close: 4000 },
  handshake_timeout: { message: 'No "hello" frame arrived in time.', close: 4001 },
  unknown_site: { message: 'No site has this id.', close: 4004 },
  frame_too_large: { message: 'The frame is larger than the server accepts.', close: 1009 },
  server_shutting_down: { message: 'The server is shutting down; reconnect shortly.', close: 1001 },
  invalid_utf8: { message: 'A text frame was not valid UTF-8.', close: 1007 },
  slow_consumer: { message: 'The connection did not read what the server sent it; reconnect.', close: 4008 },
  too_many_visitors: { message: 'This address created too many new visitors; retry later.', close: 4029 },
  session_ended: { message: 'The agent session ended (signed out, expired or revoked); sign in again.', close: 4401 },
  resume_token_invalid: { message: 'This return link is not valid.', status: 404 },
  resume_token_used: { message: 'This return link has been used already; each link opens the conversation once.', status: 410 },
  resume_token_expired: { message: 'This return link has expired.', status: 410 },
  unsubscribe_token_invalid: { message: 'This unsubscribe link is not valid.', status: 404 },
  admin_required: { message: 'Only an admin may do this.', status: 403 },
  site_not_found: { message: 'No site has this id.', status: 404 },
  site_exists: { message: 'A site with this id exists already.', status: 409 },
  invalid_setting: { message: 'A setting has a value it does not accept.', status: 400 },
  identity_secret_missing: {
    message: "Generate the site's identity secret (POST /api/sites/:id/identity-secret) before requiring verification.",
    status: 409,
  },
  origin_not_allowed: { message: "The page's origin is not one of the site's allowed origins.", status: 403, close: 4003 },
  identity_required: { message: 'This site accepts a userId only with a valid userHash.' },
  webhook_not_found: { message: 'This site has no webhook with this id.', status: 404 },
  webhook_url_invalid: {
    message: 'A webhook URL must be an absolute http:// or https:// URL without a user name or password.',
    status: 400,
  },
  webhook_url_forbidden: {
    message: 'The webhook URL points at a loopback, private or otherwise internal address, which the server does not allow.',
    status: 400,
  },
  too_many_webhooks: { message: 'This site has as many webhooks as it may have; delete one first.', status: 409 },
  agent_not_found: { message: 'No agent has this id.', status: 404 },
  agent_exists: { message: 'An agent with this email exists already.', status: 409 },
  agent_disabled: { message: 'This agent is disabled; an admin can enable them again.', status: 403 },
  last_admin: {
    message: 'The team needs an enabled admin: make another agent an admin before disabling or demoting this one.',
    status: 409,
  },
  wrong_password: { message: 'The current password is wrong.', status: 403 },
  conversation_taken: { message: 'Another agent owns this conversation; take it with force to take it over.', status: 409 },
  canned_response_not_found: { message: 'No canned response has this id.', status: 404 },
  canned_response_exists: { message: 'A canned response has this shortcut already.', status: 409 },
  too_many_canned_responses: { message: 'The team has as many canned responses as it may have; delete one first.', status: 409 },
  two_way_chat_off: { message: 'This chat does not take messages: the site has turned two-way chat off.' },
} as const satisfies Record<string, ErrorDefinition>

/** One of the stable error codes in {@link errors}. */
export type ErrorCode = keyof typeof errors

/** One of the codes a REST request can get: those with an HTTP status. */
export type HttpErrorCode = { [Code in ErrorCode]: (typeof errors)[Code] extends { status: number } ? Code : never }[ErrorCode]
