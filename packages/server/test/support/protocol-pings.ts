import type { FrameSocket } from './frame-socket.js'

/**
 * Resolves once `count` more protocol pings (the heartbeat's rounds) reach this socket; rejects if it
 * closes first. A barrier: whatever the server decides each round has been decided by then.
 */
export function protocolPings(socket: FrameSocket, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0
    const onPing = () => {
      if (++seen < count) return
      socket.socket.off('ping', onPing)
      resolve()
    }
    socket.socket.on('ping', onPing)
    socket.socket.once('close', () => reject(new Error('the socket closed')))
  })
}
