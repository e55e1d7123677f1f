import { errors, type ErrorCode, type ErrorDefinition } from '@porchlight/protocol'

/**
 * An error with a stable code from the protocol's registry. Route handlers throw it; the error handler
 * answers with the registry's HTTP status and `{ code, message, statusCode }`.
 *
 * @example
 * ```ts
 * throw new PorchlightError('conversation_not_found')
 * ```
 */
export class PorchlightError extends Error {
  override readonly name = 'PorchlightError'
  readonly statusCode: number

  constructor(
    readonly code: ErrorCode,
    message: string = errors[code].message,
  ) {
    super(message)
    const definition: ErrorDefinition = errors[code]
    this.statusCode = definition.status ?? 500
  }
}
