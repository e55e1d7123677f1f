import { typingPace } from '@porchlight/protocol'

/**
 * Paces what a client says about its person typing: `active: true` at most once every
 * `typingPace.resendAfter` (2 s) while they type, which keeps the other side's indicator on, and one
 * `active: false` when they stop (the text emptied or was sent), only after a start. `send` returns
 * whether the frame went out (a socket that is down sends nothing, so the next call tries again).
 *
 * @example
 * ```ts
 * const typing = paceTyping((active) => connection.send({ type: 'typing', active }))
 * textarea.oninput = () => typing(textarea.value.trim() !== '')
 * ```
 */
export function paceTyping(send: (active: boolean) => boolean): (active: boolean) => void {
  let on = false
  let sentAt = 0
  return (active) => {
    if (active ? on && Date.now() - sentAt < typingPace.resendAfter : !on) return
    if (send(active)) {
      on = active
      sentAt = Date.now()
    }
  }
}
