/**
 * A mail the server could not hand over. `permanent`: the SMTP server refused it for good (a 5xx reply),
 * so trying again would fail again; otherwise (a 4xx reply, a refused or timed-out connection) a later
 * attempt may succeed.
 *
 * @example
 * ```ts
 * try { await mailer.send(mail) } catch (error) { if (error instanceof MailDeliveryError && !error.permanent) retryLater() }
 * ```
 */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError'

  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause: unknown },
  ) {
    super(message, options)
  }
}

/** Sorts a nodemailer failure: an SMTP reply code of 500 or more is permanent, anything else transient. */
export function classifyMailError(error: unknown): MailDeliveryError {
  const { responseCode, response, message } = error as { responseCode?: number; response?: string; message?: string }
  const permanent = typeof responseCode === 'number' && responseCode >= 500
  return new MailDeliveryError(response ?? message ?? String(error), permanent, { cause: error })
}
