import { visitorClientFrames, type VisitorClientFrame } from '@porchlight/protocol'
import { Check } from 'typebox/value'

/** A window with its constructors: the test's own or the page's. */
type Win = Window & typeof globalThis

/** How a client closed one of its sockets: the code and reason it gave. */
export interface SocketClose {
  code: number | undefined
  reason: string | undefined
}

/**
 * Watches the WebSockets opened in `target` from now on, until `restore`: how many were opened, every
 * frame sent on them (checked against the protocol's schemas) and every `close()` called on them. Each
 * is recorded when the client does it, so a test needs no round trip to see it. A client reconnects by
 * opening a socket, at once (on `online`, `pageshow`, ...) or from a timer it schedules with its
 * `reconnectDelay`: with that option recorded too, a test can tell that no reconnection happened or is
 * coming.
 */
export function tapSockets(target: Win = window) {
  const Original = target.WebSocket
  const sockets: WebSocket[] = []
  const frames: VisitorClientFrame[] = []
  const invalid: unknown[] = []
  const closes: SocketClose[] = []
  target.WebSocket = class extends Original {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args)
      sockets.push(this)
    }

    override send(data: string): void {
      super.send(data)
      const frame = JSON.parse(data) as VisitorClientFrame
      frames.push(frame)
      const schema = visitorClientFrames[frame.type]
      if (!schema || !Check(schema, frame)) invalid.push(frame)
    }

    override close(code?: number, reason?: string): void {
      closes.push({ code, reason })
      super.close(code, reason)
    }
  }
  return {
    /** The sockets opened, in order. */
    sockets,
    /** How many sockets were opened. */
    get opened() {
      return sockets.length
    },
    /** Every frame sent, in order. */
    frames,
    /** Frames that did not match the protocol's schemas: a test expects none. */
    invalid,
    closes,
    /** The frames of one type that were sent. */
    sent<Type extends VisitorClientFrame['type']>(type: Type) {
      return frames.filter((frame): frame is Extract<VisitorClientFrame, { type: Type }> => frame.type === type)
    },
    /** Resolves once every socket opened so far has closed (and its `onclose` ran). */
    closed: () =>
      Promise.all(
        sockets.map((socket) =>
          socket.readyState === Original.CLOSED ? Promise.resolve() : new Promise((resolve) => socket.addEventListener('close', resolve)),
        ),
      ),
    restore() {
      target.WebSocket = Original
    },
  }
}

/** What {@link tapSockets} returns. */
export type SocketTap = ReturnType<typeof tapSockets>
