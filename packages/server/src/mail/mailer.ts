import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { createTransport, type Transporter } from 'nodemailer'
import { classifyMailError } from './mail-delivery-error.js'

/** One email to send. */
export interface OutgoingMail {
  /** The sender: the name is encoded as mail needs it (quotes, non-ASCII). */
  from: { name: string; address: string }
  to: string
  replyTo?: string | undefined
  subject: string
  text: string
  html: string
  /** `<id@host>`: the same mail sent again keeps its id, so clients show it once. */
  messageId: string
  inReplyTo?: string | undefined
  references?: string[] | undefined
  headers?: Record<string, string> | undefined
}

/** How SMTP connections may take: a server that hangs is a transient failure, retried later. */
const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

/**
 * Sends email: over SMTP when `smtpUrl` is set, otherwise written as `.eml` files into
 * `<dataDir>/outbox/` (and logged), so that a server without SMTP shows what it would have sent. A
 * failure throws a {@link MailDeliveryError} that says whether it is worth retrying.
 *
 * @example
 * ```ts
 * const mailer = new Mailer({ smtpUrl: 'smtp://localhost:2525', dataDir: './data' }, app.log)
 * await mailer.send({ from: { name: 'Acme', address: 'help@acme.test' }, to: 'ada@example.com', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>', messageId: '<1@acme.test>' }, AbortSignal.timeout(60_000))
 * ```
 */
export class Mailer {
  readonly #transport: Transporter
  readonly #outbox: string | undefined
  readonly #log: FastifyBaseLogger

  constructor(options: { smtpUrl: string | undefined; dataDir: string }, log: FastifyBaseLogger) {
    this.#log = log
    if (options.smtpUrl !== undefined) {
      this.#transport = createTransport({ url: options.smtpUrl, ...smtpTimeouts })
    } else {
      this.#transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
      this.#outbox = join(options.dataDir, 'outbox')
    }
  }

  /**
   * Resolves once the SMTP server accepted the mail (or its file is written). `signal` aborts the send
   * and closes its connection: the SMTP timeouts are per step, so a slow server could otherwise keep one
   * send going past its job's timeout, while the job's retry sends the mail again.
   */
  async send(mail: OutgoingMail, signal?: AbortSignal): Promise<void> {
    let info: { message?: unknown }
    try {
      info = await this.#transport.sendMail({ ...mail, signal })
    } catch (error) {
      throw classifyMailError(error)
    }
    if (this.#outbox === undefined) return
    mkdirSync(this.#outbox, { recursive: true })
    // The Message-ID names the file: a mail sent again overwrites its own file rather than adding one.
    const file = join(this.#outbox, `${mail.messageId.replace(/[^A-Za-z0-9.-]+/g, '_')}.eml`)
    writeFileSync(file, info.message as Buffer)
    this.#log.info({ file, to: mail.to, subject: mail.subject }, 'email written to the outbox (no SMTP_URL set)')
  }

  /** Closes pooled SMTP connections. */
  close(): void {
    this.#transport.close()
  }
}
