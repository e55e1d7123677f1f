/** A message the visitor sent that the server has not acknowledged yet. */
export interface PendingMessage {
  /** The id that makes resending it idempotent. */
  readonly clientId: string
  readonly text: string
  /** When the visitor sent it (ISO 8601), by the browser's clock. */
  readonly createdAt: string
}

/** Whether a value read back from storage is a {@link PendingMessage}. */
export function isPendingMessage(value: unknown): value is PendingMessage {
  const item = value as Partial<PendingMessage> | null
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.clientId === 'string' &&
    typeof item.text === 'string' &&
    typeof item.createdAt === 'string'
  )
}
