import type { WebSocket } from 'ws'

/** Sends a frame (or an already-encoded one) if the socket is still open; a closing socket gets nothing. */
export function sendFrame(socket: WebSocket, frame: object | string): void {
  if (socket.readyState === socket.OPEN) socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame))
}

/** Closes a socket with a coded reason from the protocol's registry. */
export function closeSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason)
}
