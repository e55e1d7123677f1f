import type { ErrorResponse } from '@porchlight/protocol'

/** A REST request that failed: the server's stable error code, its message, and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait, from `Retry-After`, when the server rate-limited the request. */
    readonly retryAfter: number | null = null,
  ) {
    super(message)
  }
}

let unauthorized = (): void => undefined

/** What happens when a request answers 401: the session is gone, so the inbox goes back to sign-in. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler
}

/** How a request is made: the method, a JSON body, query parameters (undefined ones are left out). */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  query?: Record<string, string | number | boolean | undefined>
}

/**
 * Calls the agent REST API with the session cookie and answers the parsed JSON (undefined for 204). A
 * failure throws an {@link ApiError}; a 401 also sends the inbox back to sign-in, except for the sign-in
 * request itself, whose 401 is a wrong password.
 *
 * @example
 * ```ts
 * const { conversations } = await api<ConversationList>('/api/conversations', { query: { session: 'active' } })
 * ```
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) query.set(key, String(value))
  const search = query.toString()
  const url = search === '' ? path : `${path}?${search}`
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? null : JSON.stringify(options.body),
  })
  if (response.status === 204) return undefined as T
  const body = (await response.json().catch(() => null)) as unknown
  if (response.ok) return body as T
  const error = (body ?? {}) as Partial<ErrorResponse>
  const retryAfter = Number(response.headers.get('retry-after'))
  if (response.status === 401 && path !== '/api/auth/login') unauthorized()
  throw new ApiError(
    response.status,
    error.code ?? 'http_error',
    error.message ?? `The server answered ${response.status}.`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  )
}
