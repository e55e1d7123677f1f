import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** An in-process SMTP server for tests: keeps every accepted mail, parsed, in arrival order. */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for the server's `smtpUrl`. */
  url: string
  /** Every mail accepted so far, parsed, that no `next` took. */
  readonly mails: ParsedMail[]
  /** The next accepted mail, waiting up to `timeout` ms. */
  next(timeout?: number): Promise<ParsedMail>
  /** How many deliveries were refused so far. */
  readonly refused: number
  /** The refused mails, parsed, in order. */
  readonly refusedMails: ParsedMail[]
  /**
   * Holds the next delivery: its data is read, the reply to it waits until `release` (the sender waits
   * for it). `arrived` resolves once the data is in, `dropped` if the sender closes the connection while
   * it waits (then the mail is not accepted: nobody heard the reply). `close` releases what is still held.
   */
  hold(): { arrived: Promise<void>; dropped: Promise<void>; release: () => void }
  /** Refuses the next `times` deliveries with `code` (as the `refuse` option does for the first ones). */
  refuseNext(times: number, code: number): void
  close(): Promise<void>
}

/**
 * Starts a real SMTP server on an ephemeral loopback port (no TLS, no auth). `refuse` answers the first
 * deliveries' DATA with that reply (e.g. `{ times: 1, code: 451 }` for a transient refusal, 550 for a
 * permanent one) before accepting the rest.
 */
export async function startSmtpSink(options: { refuse?: { times: number; code: number } } = {}): Promise<SmtpSink> {
  const mails: ParsedMail[] = []
  const refusedMails: ParsedMail[] = []
  const waiters: Array<() => void> = []
  let refused = 0
  let refusal = options.refuse && { ...options.refuse }
  const holds: Array<{ arrive: () => void; drop: () => void; released: Promise<void>; release: () => void }> = []
  const held: Array<() => void> = []
  const closed = new Set<string>()
  const drops = new Map<string, () => void>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onClose(session) {
      closed.add(session.id)
      drops.get(session.id)?.()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const hold = holds.shift()
        if (!hold) return answer()
        held.push(hold.release)
        drops.set(session.id, hold.drop)
        hold.arrive()
        void hold.released.then(answer)
      })
      function answer() {
        if (closed.has(session.id)) return
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            if (refusal && refusal.times > 0) {
              refusal.times--
              refused++
              refusedMails.push(mail)
              return callback(Object.assign(new Error('Refused by the test'), { responseCode: refusal.code }))
            }
            mails.push(mail)
            for (const wake of waiters.splice(0)) wake()
            callback()
          },
          (error: Error) => callback(error),
        )
      }
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as { port: number }
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refusedMails,
    get refused() {
      return refused
    },
    async next(timeout = 10_000) {
      const deadline = Date.now() + timeout
      while (mails.length === 0) {
        const remaining = deadline - Date.now()
        if (remaining <= 0) throw new Error(`no mail within ${timeout} ms`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining)
          waiters.push(() => {
            clearTimeout(timer)
            resolve()
          })
        })
      }
      return mails.shift()!
    },
    hold() {
      let arrive!: () => void
      let drop!: () => void
      let release!: () => void
      const arrived = new Promise<void>((resolve) => (arrive = resolve))
      const dropped = new Promise<void>((resolve) => (drop = resolve))
      const released = new Promise<void>((resolve) => (release = resolve))
      holds.push({ arrive, drop, released, release })
      return { arrived, dropped, release }
    },
    refuseNext(times, code) {
      refusal = { times, code }
    },
    close: () => {
      for (const release of held.splice(0)) release()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
