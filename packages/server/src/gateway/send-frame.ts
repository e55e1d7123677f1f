import { errors } from '@porchlight/protocol'
import type { WebSocket } from 'ws'

/**
 * How long a socket that was cut off may take to read its backlog and the close frame behind it
 * before it is dropped; meanwhile nothing more is queued for it.
 */
export const slowConsumerGrace = 1_000

/** Closes a socket with a coded reason from the protocol's registry. */
export function closeSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason)
}

/**
 * Sends a frame (or an already-encoded one) if the socket is still open. A socket that has left more
 * than `maxBuffered` bytes unread is cut off instead (`slow_consumer`): whatever is queued for a socket
 * lives in the server's memory until the other end reads it, and a client that stops reading must not
 * be able to make that grow without bound: nothing more is queued, and it is dropped unless it reads its
 * backlog within {@link slowConsumerGrace}. Returns whether the frame was queued; `sent` is called once
 * it is handed to the operating system (or the socket failed).
 *
 * @example
 * ```ts
 * if (!sendFrame(socket, { type: 'ping' }, 1 << 20)) return // cut off, or closed already
 * ```
 */
export function sendFrame(socket: WebSocket, frame: object | string, maxBuffered: number, sent?: (error?: Error) => void): boolean {
  if (socket.readyState !== socket.OPEN) return false
  const data = typeof frame === 'string' ? frame : JSON.stringify(frame)
  if (socket.bufferedAmount + data.length > maxBuffered) {
    // A client that reads, if slowly, gets the close frame behind its backlog; one that does not is dropped.
    closeSocket(socket, errors.slow_consumer.close, 'slow_consumer')
    setTimeout(() => socket.terminate(), slowConsumerGrace).unref()
    return false
  }
  socket.send(data, sent)
  return true
}
